package io.herald.store;

import java.util.Objects;

/**
 * What became of one message of an appended batch. {@code STORED}: it was stored now, with a new
 * id. {@code REPLAYED}: its idempotency key was used before for the same channel, event and data,
 * so nothing was stored and {@code message} is the one stored then (same id, same time).
 * {@code CONFLICT}: the key was used before for another message; {@code message} names that one
 * (its id, channel, event and time; its data is not kept with the key, so it is empty here) and
 * {@code differs} which of channel, event and data are not the same. {@code WITHHELD}: not stored
 * because another message of the same publication (a batch request) is a conflict, and a
 * publication is stored whole or not at all; {@code message} is null.
 */
public record Appended(Outcome outcome, StoredMessage message, String differs) {

    public enum Outcome { STORED, REPLAYED, CONFLICT, WITHHELD }

    public Appended {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome != Outcome.WITHHELD) {
            Objects.requireNonNull(message, "message");
        }
    }

    static Appended stored(StoredMessage message) {
        return new Appended(Outcome.STORED, message, null);
    }

    static Appended replayed(StoredMessage message) {
        return new Appended(Outcome.REPLAYED, message, null);
    }

    static Appended conflict(StoredMessage earlier, String differs) {
        return new Appended(Outcome.CONFLICT, earlier, differs);
    }

    static Appended withheld() {
        return new Appended(Outcome.WITHHELD, null, null);
    }

    public boolean isStored() {
        return outcome == Outcome.STORED;
    }
}
