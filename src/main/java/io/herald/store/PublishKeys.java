package io.herald.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The table {@code herald_publish_key} (sql/V6): which message each publisher's idempotency key
 * stored, with what channel, event and data hash, and when. Used inside the append transaction,
 * after the append lock, so two publishes with one key (on any node) are decided one after the other.
 */
final class PublishKeys {

    /** One key as stored: the message it named and what that message was. */
    record Row(long messageId, String channel, String event, String dataHash, Instant createdAt) {

        /** REPLAYED when {@code m} is the same message, else CONFLICT naming what differs. */
        Appended outcomeFor(NewMessage m) {
            String differs = differences(channel, event, dataHash, m);
            return differs.isEmpty()
                    ? Appended.replayed(new StoredMessage(messageId, m.channel(), m.event(), m.data(), createdAt,
                            m.publisher()))
                    : Appended.conflict(new StoredMessage(messageId, channel, event, "", createdAt), differs);
        }
    }

    private PublishKeys() {
    }

    /** Which of channel, event and data of {@code b} differ from {@code a}'s, comma-separated; empty when none. */
    static String differences(NewMessage a, NewMessage b) {
        return differences(a.channel(), a.event(), hash(a.data()), b);
    }

    private static String differences(String channel, String event, String dataHash, NewMessage m) {
        List<String> differs = new ArrayList<>(3);
        if (!channel.equals(m.channel())) {
            differs.add("channel");
        }
        if (!Objects.equals(event, m.event())) {
            differs.add("event");
        }
        if (!dataHash.equals(hash(m.data()))) {
            differs.add("data");
        }
        return String.join(", ", differs);
    }

    /** SHA-256 of the data's UTF-8 bytes, in hex: what a repeat is compared by. */
    static String hash(String data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * The rows of {@code keys} written at {@code notBefore} or later; an older row (outside the
     * window, not yet pruned) is deleted, so the key is free again.
     */
    static Map<PublishKey, Row> find(Connection c, Collection<PublishKey> keys, Instant notBefore) throws SQLException {
        Map<PublishKey, Row> found = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        List<PublishKey> expired = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT message_id, channel, event, data_hash, created_at"
                + " FROM herald_publish_key WHERE publisher = ? AND idem_key = ?")) {
            for (PublishKey key : keys) {
                ps.setString(1, key.publisher());
                ps.setString(2, key.key());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        Row row = new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                Jdbc.instant(rs, 5));
                        if (row.createdAt().isBefore(notBefore)) {
                            expired.add(key);
                        } else {
                            found.put(key, row);
                        }
                    }
                }
            }
        }
        if (!expired.isEmpty()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM herald_publish_key WHERE publisher = ? AND idem_key = ?")) {
                for (PublishKey key : expired) {
                    del.setString(1, key.publisher());
                    del.setString(2, key.key());
                    del.addBatch();
                }
                del.executeBatch();
            }
        }
        return found;
    }

    /** Records each key with the message it stored; a key already recorded is left as it is (a journal restore). */
    static void record(Connection c, List<Journaled> keyed) throws SQLException {
        if (keyed.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO herald_publish_key"
                + " (publisher, idem_key, message_id, channel, event, data_hash, created_at) SELECT ?, ?, ?, ?, ?, ?, ?"
                + " WHERE NOT EXISTS (SELECT 1 FROM herald_publish_key WHERE publisher = ? AND idem_key = ?)")) {
            for (Journaled j : keyed) {
                StoredMessage m = j.message();
                ps.setString(1, j.key().publisher());
                ps.setString(2, j.key().key());
                ps.setLong(3, m.id());
                ps.setString(4, m.channel());
                ps.setString(5, m.event());
                ps.setString(6, hash(m.data()));
                ps.setObject(7, Jdbc.timestamp(m.createdAt()));
                ps.setString(8, j.key().publisher());
                ps.setString(9, j.key().key());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Deletes the keys written before {@code before}; returns how many. */
    static int prune(Connection c, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM herald_publish_key WHERE created_at < ?")) {
            ps.setObject(1, Jdbc.timestamp(before));
            return ps.executeUpdate();
        }
    }
}
