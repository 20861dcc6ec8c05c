package io.herald.protocol;

import java.util.Optional;

/**
 * The rules for the names clients choose, channels and event names, and the one sentence that
 * says why a name breaks them.
 *
 * <p>Channel: 1 to 128 characters of {@code [A-Za-z0-9._:/-]}. Event name: 1 to 128 characters
 * with no CR, LF or NUL (they would end the {@code event:} line and start another field).
 * A reason names the field and, for a character, its position (counted from 1) and code point;
 * for {@code ""}, 129 {@code c}s, {@code "chat room"} and the event name {@code "created\ndata: x"}:
 * <pre>
 * channel must not be empty
 * channel must be at most 128 characters, not 129
 * channel may hold only A-Z a-z 0-9 . _ : / -, not a space (U+0020) at position 5
 * event name may not hold CR, LF or NUL, not LF (U+000A) at position 8
 * </pre>
 */
public final class Names {

    public static final int MAX_LENGTH = 128;
    public static final String DEFAULT_CHANNEL = "global";

    private static final String CHANNEL = "channel";
    private static final String EVENT_NAME = "event name";

    private Names() {
    }

    public static boolean isValidChannel(String channel) {
        return channelProblem(channel).isEmpty();
    }

    public static boolean isValidEventName(String event) {
        return eventNameProblem(event).isEmpty();
    }

    /** Why {@code channel} is not a valid channel name; empty when it is one. */
    public static Optional<String> channelProblem(String channel) {
        Optional<String> length = lengthProblem(CHANNEL, channel);
        if (length.isPresent()) {
            return length;
        }
        for (int i = 0; i < channel.length(); i++) {
            char c = channel.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '/' || c == '-';
            if (!ok) {
                return Optional.of(CHANNEL + " may hold only A-Z a-z 0-9 . _ : / -, not " + at(channel, i));
            }
        }
        return Optional.empty();
    }

    /** Why {@code event} is not a valid event name; empty when it is one. */
    public static Optional<String> eventNameProblem(String event) {
        Optional<String> length = lengthProblem(EVENT_NAME, event);
        if (length.isPresent()) {
            return length;
        }
        for (int i = 0; i < event.length(); i++) {
            char c = event.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                return Optional.of(EVENT_NAME + " may not hold CR, LF or NUL, not " + at(event, i));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> lengthProblem(String field, String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of(field + " must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of(field + " must be at most " + MAX_LENGTH + " characters, not " + name.length());
        }
        return Optional.empty();
    }

    /** The character at {@code index} and its position, counted in characters from 1 as a reader counts them. */
    private static String at(String name, int index) {
        int codePoint = name.codePointAt(index);
        return describe(codePoint) + " at position " + (name.codePointCount(0, index) + 1);
    }

    private static String describe(int codePoint) {
        String code = String.format("U+%04X", codePoint);
        return switch (codePoint) {
            case ' ' -> "a space (" + code + ")";
            case '\r' -> "CR (" + code + ")";
            case '\n' -> "LF (" + code + ")";
            case '\0' -> "NUL (" + code + ")";
            default -> isVisible(codePoint) ? "'" + Character.toString(codePoint) + "' (" + code + ")" : code;
        };
    }

    /** Shown as itself only when it prints as a mark of its own: never a control, a space or half of a pair. */
    private static boolean isVisible(int codePoint) {
        int type = Character.getType(codePoint);
        return !Character.isISOControl(codePoint) && !Character.isWhitespace(codePoint) && type != Character.FORMAT
                && type != Character.SURROGATE && type != Character.UNASSIGNED && type != Character.PRIVATE_USE
                && type != Character.SPACE_SEPARATOR;
    }
}
