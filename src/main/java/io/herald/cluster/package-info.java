/**
 * Several Herald nodes on one PostgreSQL database: the relay that wakes every node when another
 * appended (LISTEN/NOTIFY) so each fans out from the store in id order, the list of live nodes and
 * their connections for the console, and presence shared across nodes. Uses {@code hub},
 * {@code store} and {@code protocol}; a single node runs with the local views here and no relay.
 */
package io.herald.cluster;
