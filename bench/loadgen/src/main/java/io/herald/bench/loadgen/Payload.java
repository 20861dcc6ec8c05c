package io.herald.bench.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The message text every publish carries: {@code "<seq> <sendNanos> "} padded with {@code x} to
 * exactly the requested size. The send time is {@link System#nanoTime()}, which on Linux is
 * CLOCK_MONOTONIC and therefore comparable between the publishing process and subscriber shards
 * in other processes on the same machine. Only ASCII digits, '-', space and 'x', so it needs no
 * escaping in JSON and cannot be split into several SSE data lines.
 */
final class Payload {

    private Payload() {
    }

    /** The shortest size that always fits: seq up to 10 digits, a signed 19-digit time, 2 spaces. */
    static final int MIN_SIZE = 32;

    static byte[] build(long seq, long sendNanos, int size) {
        byte[] head = (seq + " " + sendNanos + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, Math.max(size, head.length));
        Arrays.fill(out, head.length, out.length, (byte) 'x');
        return out;
    }

    /** Parsed fields of one received payload; reused per selector thread to avoid allocation. */
    static final class Parsed {
        long seq;
        long sendNanos;
    }

    /**
     * Parses the leading {@code "<seq> <sendNanos> "} of {@code data[0, len)} into {@code out}.
     * Returns false when the event is not one of ours (a server's own event, for instance).
     */
    static boolean parse(byte[] data, int len, Parsed out) {
        int i = 0;
        long seq = 0;
        int digits = 0;
        while (i < len && data[i] >= '0' && data[i] <= '9') {
            seq = seq * 10 + (data[i++] - '0');
            if (++digits > 18) {
                return false;
            }
        }
        if (digits == 0 || i >= len || data[i++] != ' ') {
            return false;
        }
        boolean negative = false;
        if (i < len && data[i] == '-') {
            negative = true;
            i++;
        }
        long t = 0;
        digits = 0;
        while (i < len && data[i] >= '0' && data[i] <= '9') {
            t = t * 10 + (data[i++] - '0');
            if (++digits > 19) {
                return false;
            }
        }
        if (digits == 0 || (i < len && data[i] != ' ')) {
            return false;
        }
        out.seq = seq;
        out.sendNanos = negative ? -t : t;
        return true;
    }
}
