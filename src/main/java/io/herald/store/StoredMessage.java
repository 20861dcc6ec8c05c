package io.herald.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A message as the store keeps it: its id is the SSE id and gives the one delivery order.
 * {@code publisher} is who published it, where it was read (history), else null.
 */
public record StoredMessage(long id, String channel, String event, String data, Instant createdAt, String publisher) {

    public StoredMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public StoredMessage(long id, String channel, String event, String data, Instant createdAt) {
        this(id, channel, event, data, createdAt, null);
    }
}
