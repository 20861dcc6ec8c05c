package io.herald.hub;

import io.herald.store.StoredMessage;

/**
 * Which viewers a stored message is for, beyond the rules of its channel: an announcement may be
 * for some roles or some users only. Asked once per message fanned out (and per message a
 * catch-up replays), so it must be cheap for ordinary messages.
 */
@FunctionalInterface
public interface Audiences {

    /** Every message is for everyone who may read its channel. */
    Audiences EVERYONE = message -> null;

    /** What an audience says of one viewer. */
    enum Verdict {
        IN, OUT,
        /** The audience names a role the viewer's stream was not asked about when it opened: it must reconnect to be judged. */
        UNKNOWN
    }

    /** Judges each viewer of one message. */
    @FunctionalInterface
    interface Judge {
        Verdict of(Viewer viewer);
    }

    /** The judge of {@code message}'s audience, or null when it is for everyone who may read its channel. */
    Judge of(StoredMessage message);

    /** What the audience of {@code message} says of {@code viewer}: {@code IN} when it is for everyone. */
    default Verdict verdict(StoredMessage message, Viewer viewer) {
        Judge judge = of(message);
        return judge == null ? Verdict.IN : judge.of(viewer);
    }
}
