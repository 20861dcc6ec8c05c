package io.herald.bench.loadgen;

import java.nio.charset.StandardCharsets;

/**
 * Counts the messages a publish reply confirms, fed the reply body as it arrives: the entries of
 * a top-level {@code "messages"} array (Herald's answer to a batch), or 1 for any other body
 * (Herald's single object, a peer's text). A byte scanner that knows strings, escapes and nesting,
 * and nothing else of JSON: no allocation per reply, and a 20 KB answer to a batch of 100 costs
 * microseconds of the generator's CPU. Not thread safe: one per publisher.
 */
final class ReplyMessages implements ChunkedDecoder.BodySink {

    private static final byte[] KEY = "messages".getBytes(StandardCharsets.US_ASCII);

    private int depth;
    private boolean inString;
    private boolean escaped;
    /** Bytes of the current top-level string that matched {@link #KEY} so far; -1 once it cannot. */
    private int matched;
    /** The last top-level string was "messages" (so a '[' right after its ':' is the array). */
    private boolean afterKey;
    private boolean inArray;
    private boolean sawArray;
    private int entries;

    /** Forgets the previous reply. */
    void reset() {
        depth = 0;
        inString = false;
        escaped = false;
        matched = -1;
        afterKey = false;
        inArray = false;
        sawArray = false;
        entries = 0;
    }

    /** Messages the reply fed since {@link #reset} confirms. */
    int count() {
        return sawArray ? entries : 1;
    }

    @Override
    public void onBody(byte[] b, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            byte c = b[i];
            if (inString) {
                if (escaped) {
                    escaped = false;
                    matched = -1;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                    afterKey = depth == 1 && matched == KEY.length;
                } else if (matched >= 0) {
                    matched = matched < KEY.length && c == KEY[matched] ? matched + 1 : -1;
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    inString = true;
                    matched = depth == 1 ? 0 : -1;
                }
                case '{', '[' -> {
                    if (depth == 1 && c == '[' && afterKey) {
                        inArray = true;
                        sawArray = true;
                    } else if (depth == 2 && inArray && c == '{') {
                        entries++;
                    }
                    depth++;
                    afterKey = false;
                }
                case '}', ']' -> {
                    depth--;
                    if (depth == 1) {
                        inArray = false;
                    }
                }
                case ',' -> afterKey = false;
                default -> {
                    // ':', whitespace, numbers, literals: nothing to track
                }
            }
        }
    }
}
