package io.herald.hub;

import java.time.Instant;

/** What the admin sees of a connection; {@code user} is null for anonymous clients. */
public record ConnectionInfo(String remoteAddress, String userAgent, String user, Instant since) {
}
