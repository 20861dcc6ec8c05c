package io.herald.hub;

import io.herald.store.StoredMessage;
import java.util.List;

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

    /**
     * {@code messages} are about to be fanned out on this node, in id order (in a cluster also
     * those other nodes stored; rarely one again), before any write of them can complete; called
     * on the thread that fans out, so keep it cheap.
     */
    default void fannedOut(List<StoredMessage> messages) {
    }

    /** Reports to {@code first}, then to {@code second}. */
    static HubObserver both(HubObserver first, HubObserver second) {
        return new HubObserver() {
            @Override
            public void appended(int messages, long nanos) {
                first.appended(messages, nanos);
                second.appended(messages, nanos);
            }

            @Override
            public void fannedOut(long nanos) {
                first.fannedOut(nanos);
                second.fannedOut(nanos);
            }

            @Override
            public void written(long nanos) {
                first.written(nanos);
                second.written(nanos);
            }

            @Override
            public void fannedOut(List<StoredMessage> messages) {
                first.fannedOut(messages);
                second.fannedOut(messages);
            }
        };
    }
}
