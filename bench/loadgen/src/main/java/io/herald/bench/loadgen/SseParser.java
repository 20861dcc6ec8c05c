package io.herald.bench.loadgen;

import java.util.Arrays;

/**
 * Incremental parser for one text/event-stream, per WHATWG HTML "Server-sent events" section
 * "Interpreting an event stream". It is fed decoded body bytes in whatever pieces the network
 * delivers them and calls the {@link Sink} once per dispatched event.
 *
 * <p>Why bytes rather than chars: one of these lives per subscription (up to ~19,000 per process)
 * and runs once per delivery, so it must neither decode UTF-8 nor allocate per event. Every field
 * name the spec knows is ASCII and the line terminators are ASCII, so working on UTF-8 bytes finds
 * exactly the same lines and fields; values are handed to the sink as bytes.
 *
 * <p>Lines that arrive whole inside one read are parsed in place; only a line split across reads
 * is copied into the (lazily allocated, reused) line buffer, which keeps per-connection memory at
 * a few small arrays.
 */
final class SseParser {

    /** Receives dispatched events. The arrays are the parser's own and are reused afterwards. */
    interface Sink {
        void onEvent(byte[] type, int typeLen, byte[] data, int dataLen, byte[] lastId, int lastIdLen);
    }

    private static final byte[] MESSAGE = {'m', 'e', 's', 's', 'a', 'g', 'e'};
    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] ID = {'i', 'd'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
    private static final byte[] RETRY = {'r', 'e', 't', 'r', 'y'};
    private static final byte[] EMPTY = new byte[0];

    private final Sink sink;

    /** A line not yet terminated at the end of the previous feed. */
    private byte[] line = EMPTY;
    private int lineLen;
    /** True while a partial line is pending (it may be empty only if it has no bytes, so track it). */
    private boolean linePending;
    /** The previous feed ended with CR: a leading LF of the next feed belongs to that line end. */
    private boolean skipLf;
    /** Still before the first byte of the stream: a UTF-8 BOM there is dropped (spec). */
    private boolean atStart = true;

    private byte[] data = EMPTY;
    private int dataLen;
    private byte[] type = EMPTY;
    private int typeLen;
    private byte[] lastId = EMPTY;
    private int lastIdLen;
    private long retryMillis = -1;

    SseParser(Sink sink) {
        this.sink = sink;
    }

    /** Feeds body bytes {@code b[off, off+len)}. */
    void feed(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        if (atStart && len > 0) {
            atStart = false;
            // A BOM split across the very first two reads is not handled; servers write the
            // first bytes of a stream in one go, so it never happens in practice.
            if (len >= 3 && (b[i] & 0xFF) == 0xEF && (b[i + 1] & 0xFF) == 0xBB && (b[i + 2] & 0xFF) == 0xBF) {
                i += 3;
            }
        }
        if (skipLf && i < end) {
            skipLf = false;
            if (b[i] == '\n') {
                i++;
            }
        }
        int lineStart = i;
        while (i < end) {
            byte c = b[i];
            if (c != '\n' && c != '\r') {
                i++;
                continue;
            }
            if (linePending) {
                append(b, lineStart, i - lineStart);
                linePending = false;
                processLine(line, 0, lineLen);
                lineLen = 0;
            } else {
                processLine(b, lineStart, i - lineStart);
            }
            i++;
            if (c == '\r') {
                if (i < end) {
                    if (b[i] == '\n') {
                        i++;
                    }
                } else {
                    skipLf = true;
                }
            }
            lineStart = i;
        }
        if (lineStart < end) {
            append(b, lineStart, end - lineStart);
            linePending = true;
        }
    }

    /** The reconnection time the stream last set, or -1; kept because the spec defines it. */
    long retryMillis() {
        return retryMillis;
    }

    private void append(byte[] b, int off, int n) {
        if (lineLen + n > line.length) {
            line = Arrays.copyOf(line, Math.max(64, Math.max(lineLen + n, line.length * 2)));
        }
        System.arraycopy(b, off, line, lineLen, n);
        lineLen += n;
    }

    private void processLine(byte[] b, int off, int len) {
        if (len == 0) {
            dispatch();
            return;
        }
        if (b[off] == ':') {
            return; // comment, e.g. a heartbeat
        }
        int colon = -1;
        for (int k = off; k < off + len; k++) {
            if (b[k] == ':') {
                colon = k;
                break;
            }
        }
        int nameLen;
        int valueOff;
        int valueLen;
        if (colon < 0) {
            nameLen = len;
            valueOff = off + len;
            valueLen = 0;
        } else {
            nameLen = colon - off;
            valueOff = colon + 1;
            if (valueOff < off + len && b[valueOff] == ' ') {
                valueOff++;
            }
            valueLen = off + len - valueOff;
        }
        if (is(b, off, nameLen, DATA)) {
            data = ensure(data, dataLen + valueLen + 1);
            System.arraycopy(b, valueOff, data, dataLen, valueLen);
            dataLen += valueLen;
            data[dataLen++] = '\n';
        } else if (is(b, off, nameLen, ID)) {
            for (int k = valueOff; k < valueOff + valueLen; k++) {
                if (b[k] == 0) {
                    return; // an id containing NUL is ignored
                }
            }
            lastId = ensure(lastId, valueLen);
            System.arraycopy(b, valueOff, lastId, 0, valueLen);
            lastIdLen = valueLen;
        } else if (is(b, off, nameLen, EVENT)) {
            type = ensure(type, valueLen);
            System.arraycopy(b, valueOff, type, 0, valueLen);
            typeLen = valueLen;
        } else if (is(b, off, nameLen, RETRY)) {
            long v = 0;
            if (valueLen == 0) {
                return;
            }
            for (int k = valueOff; k < valueOff + valueLen; k++) {
                if (b[k] < '0' || b[k] > '9') {
                    return;
                }
                v = v * 10 + (b[k] - '0');
            }
            retryMillis = v;
        }
        // any other field is ignored
    }

    private void dispatch() {
        if (dataLen == 0) {
            typeLen = 0;
            return;
        }
        dataLen--; // the spec's "remove the last LF"
        if (typeLen == 0) {
            sink.onEvent(MESSAGE, MESSAGE.length, data, dataLen, lastId, lastIdLen);
        } else {
            sink.onEvent(type, typeLen, data, dataLen, lastId, lastIdLen);
        }
        dataLen = 0;
        typeLen = 0;
    }

    private static byte[] ensure(byte[] a, int n) {
        return n <= a.length ? a : Arrays.copyOf(a, Math.max(n, Math.max(32, a.length * 2)));
    }

    private static boolean is(byte[] b, int off, int len, byte[] name) {
        if (len != name.length) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (b[off + k] != name[k]) {
                return false;
            }
        }
        return true;
    }
}
