package io.herald.hub;

import io.herald.store.StoredMessage;
import java.util.List;

/**
 * Where the sequencer hands each committed batch: straight to this node's streams
 * ({@link LocalFanOut}), or, in a cluster, through the store every node appends to
 * ({@link StoreFanOut}).
 */
interface FanOut {

    /**
     * Delivers {@code batch}, in id order; {@code submittedNanos[i]} is when the publish of message
     * {@code i} was submitted ({@link System#nanoTime()}; 0 when not known on this node).
     */
    void fanOut(List<StoredMessage> batch, long[] submittedNanos);
}
