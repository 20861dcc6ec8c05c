/**
 * The wire and the names: encodes Server-Sent Events frames (messages, comments, {@code retry}),
 * parses {@code Last-Event-ID}, and holds the rules for channel and event names. Pure functions on
 * the JDK alone; every other package may use it, it uses none of them.
 */
package io.herald.protocol;
