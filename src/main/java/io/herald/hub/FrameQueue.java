package io.herald.hub;

/**
 * A subscriber's queue of encoded frames with their message ids (0 for frames outside the message
 * order): a ring of parallel arrays that starts small and grows by doubling up to the capacity, so
 * an idle connection costs little and queuing a frame allocates nothing. It counts the bytes it
 * holds, and apart those of <em>charged</em> frames: frames a catch-up encoded for this stream
 * alone (live frames are shared by every subscriber), which count against the catch-up budget
 * until they leave the queue. Not thread-safe: the owning {@link Subscriber} guards it.
 */
final class FrameQueue {

    private static final int INITIAL = 4;

    private byte[][] frames = new byte[INITIAL][];
    private long[] ids = new long[INITIAL];
    /** When each message frame's publish was submitted (System.nanoTime), for the publish-to-write latency. */
    private long[] stamps = new long[INITIAL];
    private boolean[] charged = new boolean[INITIAL];
    private int head;
    private int size;
    private long bytes;
    private long chargedBytes;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Bytes of every queued frame. */
    long bytes() {
        return bytes;
    }

    /** Bytes of the queued charged frames. */
    long chargedBytes() {
        return chargedBytes;
    }

    void add(byte[] frame, long id) {
        add(frame, id, 0L, false);
    }

    void add(byte[] frame, long id, long stamp) {
        add(frame, id, stamp, false);
    }

    void add(byte[] frame, long id, long stamp, boolean isCharged) {
        if (size == frames.length) {
            grow();
        }
        int tail = at(size);
        frames[tail] = frame;
        ids[tail] = id;
        stamps[tail] = stamp;
        charged[tail] = isCharged;
        size++;
        bytes += frame.length;
        if (isCharged) {
            chargedBytes += frame.length;
        }
    }

    /** The stamp of the head frame (0: none); call before {@link #remove()}. */
    long headStamp() {
        return stamps[head];
    }

    /** The frame at {@code offset} from the head, without removing it. */
    byte[] peek(int offset) {
        return frames[at(offset)];
    }

    /** The id of the head frame; call before {@link #remove()}. */
    long headId() {
        return ids[head];
    }

    byte[] remove() {
        byte[] frame = frames[head];
        account(head);
        head = (head + 1) & (frames.length - 1);
        size--;
        return frame;
    }

    /** The greatest message id still queued, or 0 when none is. */
    long lastId() {
        for (int k = size - 1; k >= 0; k--) {
            if (ids[at(k)] > 0) {
                return ids[at(k)];
            }
        }
        return 0;
    }

    /** The id of the first frame of the charged tail that {@link #dropChargedTail()} would drop (0: none). */
    long firstIdOfChargedTail() {
        long first = 0;
        for (int k = size - 1; k >= 0 && charged[at(k)]; k--) {
            first = ids[at(k)];
        }
        return first;
    }

    /**
     * Drops the charged frames at the tail (a catch-up's frames that nothing uncharged follows),
     * so the catch-up can read them again later; returns the charged bytes dropped.
     */
    long dropChargedTail() {
        long before = chargedBytes;
        while (size > 0 && charged[at(size - 1)]) {
            dropTail();
        }
        return before - chargedBytes;
    }

    /**
     * Drops the first charged frame and everything after it, so what stays is a prefix of the
     * stream (the client resumes after it); returns the charged bytes dropped.
     */
    long truncateFromFirstCharged() {
        long before = chargedBytes;
        while (chargedBytes > 0) {
            dropTail();
        }
        return before - chargedBytes;
    }

    void clear() {
        while (size > 0) {
            remove();
        }
        head = 0;
    }

    private void dropTail() {
        account(at(size - 1));
        size--;
    }

    private void account(int slot) {
        bytes -= frames[slot].length;
        if (charged[slot]) {
            chargedBytes -= frames[slot].length;
        }
        frames[slot] = null;
    }

    private int at(int offset) {
        return (head + offset) & (frames.length - 1);
    }

    private void grow() {
        int n = frames.length;
        byte[][] f = new byte[n * 2][];
        long[] i = new long[n * 2];
        long[] t = new long[n * 2];
        boolean[] c = new boolean[n * 2];
        for (int k = 0; k < size; k++) {
            f[k] = frames[at(k)];
            i[k] = ids[at(k)];
            t[k] = stamps[at(k)];
            c[k] = charged[at(k)];
        }
        frames = f;
        ids = i;
        stamps = t;
        charged = c;
        head = 0;
    }
}
