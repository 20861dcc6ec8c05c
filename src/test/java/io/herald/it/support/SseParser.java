package io.herald.it.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The WHATWG "Interpreting an event stream" algorithm, fed with raw bytes in any chunking: lines
 * end at CRLF, LF or CR (a CR at the end of one chunk and an LF at the start of the next are one
 * line end); a leading BOM is dropped; {@code id} with NUL is ignored; {@code retry} only with
 * ASCII digits; an event is dispatched at a blank line only when data was received; an event
 * still open when the stream ends is discarded.
 */
public final class SseParser {

    /** One dispatched event: its type ({@code message} unless named), its data, and the last event id at dispatch. */
    public record Event(String type, String data, String lastEventId) {
    }

    private final Consumer<Event> events;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean afterCr;
    private boolean firstLine = true;
    private StringBuilder data = new StringBuilder();
    private String eventType = "";
    private String lastEventIdBuffer = "";
    private volatile String lastEventId = "";
    private volatile long retry = -1;
    private volatile int comments;

    SseParser(Consumer<Event> events) {
        this.events = events;
    }

    void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (afterCr) {
                afterCr = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\r') {
                afterCr = true;
                endLine();
            } else if (b == '\n') {
                endLine();
            } else {
                line.write(b);
            }
        }
    }

    public String lastEventId() {
        return lastEventId;
    }

    public long retry() {
        return retry;
    }

    public int comments() {
        return comments;
    }

    private void endLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (firstLine) {
            firstLine = false;
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            dispatch();
        } else if (text.charAt(0) == ':') {
            comments++;
        } else {
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            field(field, value);
        }
    }

    private void field(String field, String value) {
        switch (field) {
            case "event" -> eventType = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventIdBuffer = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    retry = Long.parseLong(value);
                }
            }
            default -> {
                // ignored, as the spec says
            }
        }
    }

    private void dispatch() {
        lastEventId = lastEventIdBuffer;
        if (data.length() == 0) {
            eventType = "";
            return;
        }
        String payload = data.substring(0, data.length() - 1);
        String type = eventType.isEmpty() ? "message" : eventType;
        data = new StringBuilder();
        eventType = "";
        events.accept(new Event(type, payload, lastEventId));
    }
}
