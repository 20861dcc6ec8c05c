package io.herald.hub;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Set;

/**
 * Who is on the other end of a stream, for the admin console, bans, access rules and presence;
 * and how long its login holds: {@code session} names the container session it was opened with
 * (its {@link #nameKey}, 0 for none), and {@code until} is when it must close with reason
 * {@code reauth} (null: never).
 */
public record ConnectionInfo(String remoteAddress, String userAgent, Viewer viewer, Instant since, long session,
        Instant until) {

    /** A stream not tied to a session, with no end of its own. */
    public ConnectionInfo(String remoteAddress, String userAgent, Viewer viewer, Instant since) {
        this(remoteAddress, userAgent, viewer, since, 0, null);
    }

    public ConnectionInfo(String remoteAddress, String userAgent, String user, Instant since) {
        this(remoteAddress, userAgent, user == null ? Viewer.ANONYMOUS : new Viewer(user, Set.of(), Set.of()), since);
    }

    /** Whom connection limits count this stream against: the user when logged in, else the address. */
    public String client() {
        return viewer.user() != null ? "user " + viewer.user() : "address " + remoteAddress;
    }

    /** The authenticated user name, or null. */
    public String user() {
        return viewer.user();
    }

    /** True when the stream's time is up at {@code now}. */
    public boolean expired(Instant now) {
        return until != null && !until.isAfter(now);
    }

    /**
     * The key that names a container session, or a user, among streams and across the nodes of a cluster:
     * the first 8 bytes of the SHA-256 of its id (never 0), so no session id or name is sent.
     */
    public static long nameKey(String name) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256")
                    .digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        long key = ByteBuffer.wrap(digest).getLong();
        return key == 0 ? 1 : key;
    }
}
