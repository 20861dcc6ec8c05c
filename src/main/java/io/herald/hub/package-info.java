/**
 * The message path of one node, top to bottom: the sequencer appends what publishers hand it in
 * group commits, fan-out delivers each committed batch in id order (straight from this node's
 * appends, or read back from the store in a cluster) to the subscriptions of its channel
 * (registry and presence), each subscriber queues the shared frames (catching up from the store
 * first when it resumes), and the writers drain the queues through the transport's outlet;
 * {@link io.herald.hub.Hub} is the facade that wires it. It may use {@code io.herald.store},
 * {@code io.herald.protocol} and the JDK only: no servlet type, no JDBC type.
 */
package io.herald.hub;
