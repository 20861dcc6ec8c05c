/**
 * The wire and the names: encodes Server-Sent Events frames (message, comment, retry, close and
 * reset frames), parses {@code Last-Event-ID}, and holds the rules for channel and event names with
 * one reason per failure. Pure functions on the JDK alone; every other package may use it, it uses
 * none of them.
 */
package io.herald.protocol;
