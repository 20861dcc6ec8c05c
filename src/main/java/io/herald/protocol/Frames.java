package io.herald.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Encodes Server-Sent Events frames (WHATWG HTML, "Server-sent events") as UTF-8 bytes.
 *
 * <p>Every method is a pure function; the bytes it returns are never changed afterwards, so one
 * frame can be shared by every subscriber of a channel.
 *
 * <pre>
 * message(42, "created", "a\nb")  -&gt;  "event: created\ndata: a\ndata: b\nid: 42\n\n"
 * message(43, null, "")           -&gt;  "data: \nid: 43\n\n"
 * retry(3000)                     -&gt;  "retry: 3000\n"
 * comment("hb")                   -&gt;  ": hb\n"
 * </pre>
 *
 * <p>{@code retry:} and comments end without the blank line that dispatches an event: the field
 * takes effect as soon as its line is read, and several clients (Jersey, fetch-event-source,
 * httpx-sse) would otherwise hand the application an empty event for each. Frames are always
 * written whole, so such a line never lands inside another frame.
 */
public final class Frames {

    private Frames() {
    }

    /** A stored message: optional {@code event:}, one {@code data:} line per payload line, {@code id:}. */
    public static byte[] message(long id, String event, String data) {
        return encode(event, data, Long.toString(id));
    }

    /**
     * A frame with any of its fields. {@code event} and {@code id} may be null (left out) but never
     * contain CR, LF or NUL: a name or id that did would let its author inject fields or frames.
     * The payload is split on CRLF, CR and LF; an empty or null payload still sends one {@code data:}
     * line, so the browser dispatches the event.
     *
     * @throws IllegalArgumentException when {@code event} or {@code id} holds CR, LF or NUL
     */
    public static byte[] encode(String event, String data, String id) {
        StringBuilder frame = new StringBuilder(32 + (data == null ? 0 : data.length()));
        if (event != null && !event.isEmpty()) {
            frame.append("event: ").append(refuseLineBreaks("event name", event)).append('\n');
        }
        appendData(frame, data == null ? "" : data);
        if (id != null) {
            frame.append("id: ").append(refuseLineBreaks("id", id)).append('\n');
        }
        frame.append('\n');
        return frame.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code retry: MS}: how long the browser waits before it reconnects; no event is dispatched for it. */
    public static byte[] retry(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("retry must not be negative: " + millis);
        }
        return ("retry: " + millis + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code : TEXT}: a comment line that every client ignores; used as the heartbeat. */
    public static byte[] comment(String text) {
        return (": " + refuseLineBreaks("comment", text) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** True when {@code value} holds no CR, LF or NUL, so it may stand in a single field line. */
    public static boolean isSingleLine(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                return false;
            }
        }
        return true;
    }

    private static String refuseLineBreaks(String what, String value) {
        if (!isSingleLine(value)) {
            throw new IllegalArgumentException(what + " must not contain CR, LF or NUL");
        }
        return value;
    }

    private static void appendData(StringBuilder frame, String data) {
        int start = 0;
        int i = 0;
        while (i < data.length()) {
            char c = data.charAt(i);
            if (c == '\r' || c == '\n') {
                frame.append("data: ").append(data, start, i).append('\n');
                i += (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        frame.append("data: ").append(data, start, data.length()).append('\n');
    }
}
