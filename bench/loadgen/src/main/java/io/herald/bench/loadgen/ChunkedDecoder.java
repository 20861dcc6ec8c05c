package io.herald.bench.loadgen;

/**
 * Incremental decoder for an HTTP/1.1 {@code Transfer-Encoding: chunked} body (RFC 9112 section 7.1).
 * Chunk data is handed on as ranges of the caller's own array, so decoding copies nothing; only the
 * few fields of the state machine live per connection.
 *
 * <p>It is lenient where servers in the wild are: a bare LF ends a size line or a chunk, and chunk
 * extensions and trailers are skipped.
 */
final class ChunkedDecoder {

    /** Receives decoded body bytes. */
    interface BodySink {
        void onBody(byte[] b, int off, int len);
    }

    /** What {@link #feed} found. */
    enum Result { MORE, END, ERROR }

    private static final int SIZE = 0;        // reading hex digits
    private static final int SIZE_REST = 1;   // extension or whitespace up to the LF
    private static final int DATA = 2;
    private static final int DATA_END = 3;    // the CRLF after the data
    private static final int TRAILER = 4;     // after the last chunk: lines until an empty one
    private static final int TRAILER_LINE = 5;
    private static final int DONE = 6;

    private int state = SIZE;
    private long remaining;
    private int sizeDigits;

    /** Decodes {@code b[off, off+len)}; on END the bytes after the final CRLF are ignored. */
    Result feed(byte[] b, int off, int len, BodySink sink) {
        int i = off;
        int end = off + len;
        while (i < end) {
            switch (state) {
                case SIZE: {
                    byte c = b[i];
                    int d = hex(c);
                    if (d >= 0) {
                        if (++sizeDigits > 15) {
                            return Result.ERROR; // would overflow; no sane chunk is that big
                        }
                        remaining = remaining * 16 + d;
                        i++;
                    } else if (sizeDigits == 0) {
                        return Result.ERROR;
                    } else if (c == '\n') {
                        i++;
                        endOfSizeLine();
                    } else {
                        state = SIZE_REST; // ';' extension, CR, or whitespace
                        i++;
                    }
                    break;
                }
                case SIZE_REST:
                    if (b[i++] == '\n') {
                        endOfSizeLine();
                    }
                    break;
                case DATA: {
                    int n = (int) Math.min(remaining, end - i);
                    sink.onBody(b, i, n);
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = DATA_END;
                    }
                    break;
                }
                case DATA_END: {
                    byte c = b[i++];
                    if (c == '\n') {
                        state = SIZE;
                    } else if (c != '\r') {
                        return Result.ERROR;
                    }
                    break;
                }
                case TRAILER: {
                    byte c = b[i++];
                    if (c == '\n') {
                        state = DONE;
                        return Result.END;
                    } else if (c != '\r') {
                        state = TRAILER_LINE;
                    }
                    break;
                }
                case TRAILER_LINE:
                    if (b[i++] == '\n') {
                        state = TRAILER;
                    }
                    break;
                default:
                    return Result.END;
            }
        }
        return state == DONE ? Result.END : Result.MORE;
    }

    private void endOfSizeLine() {
        sizeDigits = 0;
        if (remaining == 0) {
            state = TRAILER;
        } else {
            state = DATA;
        }
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
