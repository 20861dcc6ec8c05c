package io.herald.store;

import java.util.Objects;

/** A message accepted for publishing and not yet stored. {@code event} may be null (plain "message"). */
public record NewMessage(String channel, String event, String data) {

    public NewMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(data, "data");
    }
}
