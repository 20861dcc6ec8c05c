package io.herald.store;

import java.util.Objects;

/**
 * A message accepted for publishing and not yet stored. {@code event} may be null (plain
 * "message"); {@code key} is null unless the publisher sent an idempotency key; {@code publisher}
 * names who publishes it (a user, {@code apikey:NAME}, {@code outbox:NAME}; null when publishing is open).
 */
public record NewMessage(String channel, String event, String data, PublishKey key, String publisher) {

    public NewMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(data, "data");
    }

    public NewMessage(String channel, String event, String data) {
        this(channel, event, data, null, null);
    }

    public NewMessage(String channel, String event, String data, PublishKey key) {
        this(channel, event, data, key, null);
    }

    /** The same message with {@code key}. */
    public NewMessage withKey(PublishKey key) {
        return new NewMessage(channel, event, data, key, publisher);
    }

    /** The same message published by {@code publisher}. */
    public NewMessage by(String publisher) {
        return new NewMessage(channel, event, data, key, publisher);
    }
}
