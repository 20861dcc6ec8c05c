package io.herald.hub;

import io.herald.protocol.Frames;

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
