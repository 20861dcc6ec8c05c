/**
 * The stream as a subscriber sees it: wire format, replay with Last-Event-ID, HTTP/2, buffers, slow,
 * stalled, vanished and half-open clients, bounded catch-up memory.
 */
package io.herald.it.stream;
