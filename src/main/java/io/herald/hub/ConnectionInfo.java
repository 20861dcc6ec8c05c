package io.herald.hub;

import java.time.Instant;

/** Who is on the other end of a stream, for the admin console, bans, access rules and presence. */
public record ConnectionInfo(String remoteAddress, String userAgent, Viewer viewer, Instant since) {

    public ConnectionInfo(String remoteAddress, String userAgent, String user, Instant since) {
        this(remoteAddress, userAgent, user == null ? Viewer.ANONYMOUS : new Viewer(user, java.util.Set.of(), java.util.Set.of()), since);
    }

    /** Whom connection limits count this stream against: the user when logged in, else the address. */
    public String client() {
        return viewer.user() != null ? "user " + viewer.user() : "address " + remoteAddress;
    }

    /** The authenticated user name, or null. */
    public String user() {
        return viewer.user();
    }
}
