package io.herald.store;

import java.time.Instant;
import java.util.Objects;

/** A message as the store keeps it: its id is the SSE id and gives the one delivery order. */
public record StoredMessage(long id, String channel, String event, String data, Instant createdAt) {

    public StoredMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
