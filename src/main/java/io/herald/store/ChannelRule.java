package io.herald.store;

import java.time.Instant;

/**
 * Who may subscribe to the channels {@code pattern} names: one channel, or every channel starting
 * with the text before a final {@code *} ({@code orders/*}). {@code access} is {@code public},
 * {@code authenticated} or {@code role:NAME}; {@code presence} turns on join/leave frames.
 */
public record ChannelRule(long id, String pattern, String access, boolean presence, String createdBy, Instant createdAt) {
}
