package io.herald.bench.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Collects an HTTP/1.1 response head (status line and headers) that may arrive in pieces, and
 * reads from it only what a client of a streaming or a publish endpoint needs: the status, whether
 * the body is chunked, its Content-Length and whether the server will close the connection.
 * The accumulation buffer exists only until the head is complete.
 */
final class HttpHead {

    /** Heads larger than this are refused: nobody we test sends one, a runaway server might. */
    static final int MAX_HEAD = 32 * 1024;

    private byte[] buf = new byte[256];
    private int len;
    private int status = -1;
    private boolean chunked;
    private long contentLength = -1;
    private boolean connectionClose;
    private String statusLine = "";

    /**
     * Feeds bytes; returns -1 while the head is incomplete, otherwise how many of the given bytes
     * belonged to the head (the rest are body). Throws on a malformed or oversized head.
     */
    int feed(byte[] b, int off, int n) {
        int start = len;
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(MAX_HEAD + 4, Math.max(len + n, buf.length * 2)));
        }
        int copy = Math.min(n, buf.length - len);
        System.arraycopy(b, off, buf, len, copy);
        len += copy;
        // Look for the blank line (CRLFCRLF, or LFLF from sloppy servers), starting a little before
        // the new bytes in case the terminator straddles two reads.
        for (int i = Math.max(0, start - 3); i < len; i++) {
            if (buf[i] == '\n') {
                int endAfter = -1;
                if (i + 1 < len && buf[i + 1] == '\n') {
                    endAfter = i + 2;
                } else if (i + 2 < len && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
                    endAfter = i + 3;
                }
                if (endAfter > 0) {
                    parse(endAfter);
                    int usedFromThisFeed = endAfter - start;
                    buf = null;
                    return usedFromThisFeed;
                }
            }
        }
        if (len > MAX_HEAD) {
            throw new IllegalStateException("response head larger than " + MAX_HEAD + " bytes");
        }
        return -1;
    }

    private void parse(int headLen) {
        String head = new String(buf, 0, headLen, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r?\n");
        statusLine = lines[0];
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IllegalStateException("not an HTTP response: " + statusLine);
        }
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("bad status line: " + statusLine);
        }
        connectionClose = parts[0].equals("HTTP/1.0");
        for (int k = 1; k < lines.length; k++) {
            String l = lines[k];
            int colon = l.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = l.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "content-length" -> {
                    try {
                        contentLength = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalStateException("bad Content-Length: " + value);
                    }
                }
                case "connection" -> {
                    if (value.contains("close")) {
                        connectionClose = true;
                    } else if (value.contains("keep-alive")) {
                        connectionClose = false;
                    }
                }
                default -> { }
            }
        }
    }

    int status() {
        return status;
    }

    String statusLine() {
        return statusLine;
    }

    boolean chunked() {
        return chunked;
    }

    /** -1 when absent. */
    long contentLength() {
        return contentLength;
    }

    boolean connectionClose() {
        return connectionClose;
    }
}
