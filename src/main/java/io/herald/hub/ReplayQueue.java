package io.herald.hub;

/**
 * The catch-up's side of one subscriber's queue: how much room there is for frames read from the
 * store, queuing them, parking until the client has read enough, and giving the frames back when
 * the catch-up budget needs them. Each call holds the subscriber's lock, as every change of its
 * state does ({@link Subscriber}).
 */
final class ReplayQueue {

    private final Subscriber subscriber;
    private final SubscriberState state;

    ReplayQueue(Subscriber subscriber, SubscriberState state) {
        this.subscriber = subscriber;
        this.state = state;
    }

    /** A frame a catch-up encoded for this stream alone: counted against the catch-up budget until taken. */
    Subscriber.Offer offer(long messageId, byte[] frame) {
        synchronized (subscriber) {
            return state.offerReplay(messageId, frame);
        }
    }

    /**
     * Bytes a catch-up may queue now: none unless the stream replays and its queue is at most half
     * full (in frames and in bytes), so a catch-up reads pages of some size rather than a frame at a time.
     */
    long roomBytes() {
        synchronized (subscriber) {
            return state.replayRoomBytes();
        }
    }

    int roomFrames() {
        synchronized (subscriber) {
            return state.replayRoomFrames();
        }
    }

    /** Bytes of catch-up frames queued and not yet taken (counted against the catch-up budget). */
    long queuedBytes() {
        synchronized (subscriber) {
            return state.queuedReplayBytes();
        }
    }

    /**
     * Parks a catch-up until the queue holds at most {@code untilBytes} bytes and half its frames;
     * false (not parked) when it already does, or the stream no longer replays.
     */
    boolean park(Runnable resume, long untilBytes) {
        synchronized (subscriber) {
            return state.parkReplay(resume, untilBytes);
        }
    }

    /** Whether a catch-up waits for this stream's client to read before it queues more. */
    boolean isParked() {
        synchronized (subscriber) {
            return state.isReplayParked();
        }
    }

    /**
     * The catch-up budget takes back this parked catch-up's queued frames (its client is not
     * reading them): they are dropped and read again from the store once the client reads what is
     * left. Returns the bytes freed, which the caller accounts for.
     */
    long reclaim() {
        synchronized (subscriber) {
            return state.reclaimReplay();
        }
    }

    /** Where the catch-up must read from again (then forgotten), or -1. */
    long takeRewind() {
        synchronized (subscriber) {
            return state.takeRewind();
        }
    }
}
