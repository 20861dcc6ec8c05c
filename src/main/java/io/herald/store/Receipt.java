package io.herald.store;

import java.time.Instant;
import java.util.Locale;

/**
 * How far one user got with one announcement: each time is the first one (null: not yet).
 * {@code delivered}: Herald finished writing it to one of the user's streams; {@code displayed}:
 * the widget reported it on screen; {@code acknowledged}: the user pressed the button.
 */
public record Receipt(long messageId, String user, Instant deliveredAt, Instant displayedAt, Instant acknowledgedAt) {

    /** A step of a receipt, as the API names it. */
    public enum State {
        DELIVERED("delivered_at"), DISPLAYED("displayed_at"), ACKNOWLEDGED("acknowledged_at");

        final String column;

        State(String column) {
            this.column = column;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** When this receipt reached {@code state}, or null. */
    public Instant at(State state) {
        return switch (state) {
            case DELIVERED -> deliveredAt;
            case DISPLAYED -> displayedAt;
            case ACKNOWLEDGED -> acknowledgedAt;
        };
    }
}
