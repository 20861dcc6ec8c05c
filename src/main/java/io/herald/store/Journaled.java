package io.herald.store;

import java.util.Objects;

/** A message as the journal keeps it: stored, with the idempotency key it was published with (null: none). */
public record Journaled(StoredMessage message, PublishKey key) {

    public Journaled {
        Objects.requireNonNull(message, "message");
    }
}
