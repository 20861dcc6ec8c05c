package io.herald.store;

import java.util.Objects;

/**
 * A message accepted for publishing and not yet stored. {@code event} may be null (plain
 * "message"); {@code key} is null unless the publisher sent an idempotency key.
 */
public record NewMessage(String channel, String event, String data, PublishKey key) {

    public NewMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(data, "data");
    }

    public NewMessage(String channel, String event, String data) {
        this(channel, event, data, null);
    }

    /** The same message with {@code key}. */
    public NewMessage withKey(PublishKey key) {
        return new NewMessage(channel, event, data, key);
    }
}
