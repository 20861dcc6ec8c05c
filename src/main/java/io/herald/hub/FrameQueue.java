package io.herald.hub;

/**
 * A subscriber's queue of encoded frames with their message ids (0 for frames outside the message
 * order): a ring of parallel arrays that starts small and grows by doubling up to the capacity, so
 * an idle connection costs little and queuing a frame allocates nothing. Not thread-safe: the
 * owning {@link Subscriber} guards it.
 */
final class FrameQueue {

    private static final int INITIAL = 4;

    private byte[][] frames = new byte[INITIAL][];
    private long[] ids = new long[INITIAL];
    /** When each message frame's publish was submitted (System.nanoTime), for the publish-to-write latency. */
    private long[] stamps = new long[INITIAL];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(byte[] frame, long id) {
        add(frame, id, 0L);
    }

    void add(byte[] frame, long id, long stamp) {
        if (size == frames.length) {
            grow();
        }
        int tail = (head + size) & (frames.length - 1);
        frames[tail] = frame;
        ids[tail] = id;
        stamps[tail] = stamp;
        size++;
    }

    /** The stamp of the head frame (0: none); call before {@link #remove()}. */
    long headStamp() {
        return stamps[head];
    }

    /** The frame at {@code offset} from the head, without removing it. */
    byte[] peek(int offset) {
        return frames[(head + offset) & (frames.length - 1)];
    }

    /** The id of the head frame; call before {@link #remove()}. */
    long headId() {
        return ids[head];
    }

    byte[] remove() {
        byte[] frame = frames[head];
        frames[head] = null;
        head = (head + 1) & (frames.length - 1);
        size--;
        return frame;
    }

    void clear() {
        while (size > 0) {
            remove();
        }
        head = 0;
    }

    private void grow() {
        int n = frames.length;
        byte[][] f = new byte[n * 2][];
        long[] i = new long[n * 2];
        long[] t = new long[n * 2];
        for (int k = 0; k < size; k++) {
            f[k] = frames[(head + k) & (n - 1)];
            i[k] = ids[(head + k) & (n - 1)];
            t[k] = stamps[(head + k) & (n - 1)];
        }
        frames = f;
        ids = i;
        stamps = t;
        head = 0;
    }
}
