package io.herald.web;

import io.herald.hub.Subscriber;

/**
 * Hears how far a stream's completed writes reached ({@link SseConnection}): a flush that
 * {@code isReady()} then confirmed held every message sent after {@code after} up to
 * {@code through}. On the writer thread, under the output lock: keep it cheap.
 */
@FunctionalInterface
interface Delivered {

    Delivered NOBODY = (subscriber, after, through) -> { };

    void written(Subscriber subscriber, long after, long through);
}
