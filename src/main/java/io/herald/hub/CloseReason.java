package io.herald.hub;

import io.herald.protocol.Frames;
import java.util.Optional;

/**
 * Why a stream ended. Herald tells the client before it closes on purpose (a browser cannot tell
 * a deliberate close from a network error): {@code event: close} with {@code {"reason":"..."}}.
 */
public enum CloseReason {
    /** The client's queue overflowed; it reconnects and catches up from the store. */
    SLOW_CONSUMER("slow-consumer"),
    KICKED("kicked"),
    BANNED("banned"),
    /** A rule changed and the client may no longer see one of its channels; its reconnect gets 401 or 403. */
    FORBIDDEN("forbidden"),
    /** The API key the stream was opened with was revoked; its reconnect gets 401. */
    REVOKED("revoked"),
    /**
     * The stream reached {@code herald.stream.max-age-seconds}, or the token or ticket login behind
     * it expired: the client reconnects with its login, which is judged afresh, and loses nothing.
     */
    REAUTH("reauth"),
    /** The container session the stream was opened with ended (logout, invalidation, timeout). */
    LOGGED_OUT("logged-out"),
    SHUTDOWN("shutdown"),
    /** Herald could not serve the stream (e.g. the store failed during catch-up). */
    SERVER_ERROR("server-error"),
    /** The client went away (write failed, container reported an error or completion): nothing to send. */
    CLIENT_GONE("client-gone");

    private final String wireName;
    private final byte[] frame;

    CloseReason(String wireName) {
        this.wireName = wireName;
        this.frame = Frames.encode("close", "{\"reason\":\"" + wireName + "\"}", null);
    }

    /** The reason whose wire name is {@code wireName}. */
    public static Optional<CloseReason> named(String wireName) {
        for (CloseReason r : values()) {
            if (r.wireName.equals(wireName)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    public String wireName() {
        return wireName;
    }

    /**
     * {@code event: close\ndata: {"reason":"kicked"}\n\n}, or null when the client is already gone.
     * Shared, like every frame: never modified after encoding.
     */
    byte[] closeFrame() {
        return this == CLIENT_GONE ? null : frame;
    }
}
