package io.herald.protocol;

/**
 * The rules for the names clients choose: channels and event names.
 *
 * <p>Channel: 1 to 128 characters of {@code [A-Za-z0-9._:/-]}. Event name: 1 to 128 characters
 * with no CR, LF or NUL (they would end the {@code event:} line and start another field).
 */
public final class Names {

    public static final int MAX_LENGTH = 128;
    public static final String DEFAULT_CHANNEL = "global";

    private Names() {
    }

    public static boolean isValidChannel(String channel) {
        if (channel == null || channel.isEmpty() || channel.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < channel.length(); i++) {
            char c = channel.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '/' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static boolean isValidEventName(String event) {
        return event != null && !event.isEmpty() && event.length() <= MAX_LENGTH && Frames.isSingleLine(event);
    }
}
