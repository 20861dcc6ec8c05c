package io.herald.hub;

/**
 * Owns what the hub reports as it happens (timings, for metrics): given to the hub when it is
 * built. Called on the sequencer thread and on writer threads, so keep it cheap.
 */
public interface HubObserver {

    /** One append transaction of {@code messages} rows took {@code nanos}. */
    default void appended(int messages, long nanos) {
    }

    /** A message was handed to its streams {@code nanos} after its publisher submitted it. */
    default void fannedOut(long nanos) {
    }

    /**
     * A write reached a stream's socket {@code nanos} after the publish of the oldest message in
     * it was submitted; called on writer threads, once per write, so it must be thread-safe.
     */
    default void written(long nanos) {
    }
}
