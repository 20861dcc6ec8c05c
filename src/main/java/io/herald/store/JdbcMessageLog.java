package io.herald.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/** {@link MessageLog} on H2 or PostgreSQL through plain JDBC; the schema comes from {@code sql/}. */
public final class JdbcMessageLog implements MessageLog {

    /** The channel every node LISTENs on; the payload is the greatest id an append committed. */
    public static final String NOTIFY_CHANNEL = "herald";

    private static final String INSERT =
            "INSERT INTO herald_message (channel, event, data, created_at, publisher) VALUES (?, ?, ?, ?, ?)";

    /** How long an idempotency key holds when no window is given: a day, the setting's default. */
    public static final Duration DEFAULT_KEY_WINDOW = Duration.ofDays(1);

    private final Jdbc jdbc;
    private final Duration keyWindow;

    public JdbcMessageLog(DataSource dataSource) {
        this(dataSource, DEFAULT_KEY_WINDOW);
    }

    /** {@code keyWindow}: how long a publisher's idempotency key answers a repeat with the first publish. */
    public JdbcMessageLog(DataSource dataSource, Duration keyWindow) {
        this.jdbc = new Jdbc(dataSource);
        this.keyWindow = keyWindow;
    }

    /**
     * Appends the publications in one transaction, under the append lock (so two publishes with one
     * key, on any node, are decided one after the other): a keyed message whose key was used within
     * the window, or earlier in this transaction, is not stored but answered from the key (replayed,
     * or a conflict); a publication with a conflict stores nothing. New messages get consecutive
     * ids in order.
     */
    @Override
    public List<List<Appended>> appendAll(List<List<NewMessage>> publications) {
        List<NewMessage> all = publications.stream().flatMap(List::stream).toList();
        if (all.isEmpty()) {
            return publications.stream().map(p -> List.<Appended>of()).toList();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return jdbc.inTransaction(() -> "append of " + all.size() + " message(s) to " + channelsOf(all), c -> {
            Dialect dialect = jdbc.dialect(c);
            dialect.lockAppends(c);
            KeyedAppend plan = new KeyedAppend(PublishKeys.find(c, keysOf(all), now.minus(keyWindow)));
            publications.forEach(plan::decide);
            List<StoredMessage> stored = plan.toStore().isEmpty() ? List.of() : insert(c, plan.toStore(), now);
            PublishKeys.record(c, plan.keyed(stored));
            if (!stored.isEmpty()) {
                dialect.notify(c, NOTIFY_CHANNEL, Long.toString(stored.get(stored.size() - 1).id()));
            }
            return plan.results(stored);
        });
    }

    private static Set<PublishKey> keysOf(List<NewMessage> messages) {
        Set<PublishKey> keys = new LinkedHashSet<>();
        for (NewMessage m : messages) {
            if (m.key() != null) {
                keys.add(m.key());
            }
        }
        return keys;
    }

    private static List<StoredMessage> insert(Connection c, List<NewMessage> batch, Instant now) throws SQLException {
        OffsetDateTime createdAt = Jdbc.timestamp(now);
        try (PreparedStatement ps = c.prepareStatement(INSERT, new String[] {"id"})) {
            for (NewMessage m : batch) {
                ps.setString(1, m.channel());
                ps.setString(2, m.event());
                ps.setString(3, m.data());
                ps.setObject(4, createdAt);
                ps.setString(5, m.publisher());
                ps.addBatch();
            }
            ps.executeBatch();
            List<StoredMessage> stored = new ArrayList<>(batch.size());
            try (ResultSet keys = ps.getGeneratedKeys()) {
                for (NewMessage m : batch) {
                    if (!keys.next()) {
                        throw new SQLException("the driver returned fewer generated ids than rows inserted");
                    }
                    stored.add(new StoredMessage(keys.getLong(1), m.channel(), m.event(), m.data(), now, m.publisher()));
                }
            }
            return stored;
        }
    }

    @Override
    public List<StoredMessage> readAfter(Set<String> channels, long afterId, long upToId, int limit) {
        return MessageRows.readAfter(jdbc, channels, afterId, upToId, limit);
    }

    @Override
    public Page readPage(Set<String> channels, long afterId, long upToId, int limit, long maxBytes) {
        if (limit <= 0 || upToId <= afterId) {
            return new Page(List.of(), false);
        }
        return jdbc.withConnection("read of a page of " + channels + " after id " + afterId, c -> {
            // First the sizes alone (no row's data is held), to find where the page must end.
            long through = afterId;
            int counted = 0;
            boolean cut = false;
            try (PreparedStatement ps = c.prepareStatement("SELECT id, OCTET_LENGTH(data) + COALESCE(OCTET_LENGTH(event), 0)"
                    + MessageRows.pageWhere(channels))) {
                MessageRows.bindPage(ps, channels, afterId, upToId, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    long total = 0;
                    while (rs.next()) {
                        total += rs.getLong(2);
                        if (counted > 0 && total > maxBytes) {
                            cut = true;
                            break;
                        }
                        through = rs.getLong(1);
                        counted++;
                    }
                }
            }
            boolean more = cut || counted == limit;
            if (counted == 0) {
                return new Page(List.of(), false);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + MessageRows.COLUMNS + MessageRows.pageWhere(channels))) {
                MessageRows.bindPage(ps, channels, afterId, through, counted);
                return new Page(MessageRows.readAll(ps), more);
            }
        });
    }

    @Override
    public long lastId() {
        return jdbc.single("read of the last id", "SELECT COALESCE(MAX(id), 0) FROM herald_message");
    }

    @Override
    public void sync() {
        jdbc.withConnection("forcing the database to disk", c -> {
            jdbc.dialect(c).forceToDisk(c);
            return null;
        });
    }

    @Override
    public List<StoredMessage> restore(List<Journaled> entries) {
        List<StoredMessage> messages = entries.stream().map(Journaled::message).toList();
        return jdbc.inTransaction("restoring " + messages.size() + " message(s) from the journal", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO herald_message (id, channel, event, data, created_at,"
                    + " publisher) SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM herald_message WHERE id = ?)")) {
                for (StoredMessage m : messages) {
                    ps.setLong(1, m.id());
                    ps.setString(2, m.channel());
                    ps.setString(3, m.event());
                    ps.setString(4, m.data());
                    ps.setObject(5, Jdbc.timestamp(m.createdAt()));
                    ps.setString(6, m.publisher());
                    ps.setLong(7, m.id());
                    ps.addBatch();
                }
                int[] inserted = ps.executeBatch();
                List<StoredMessage> restored = new ArrayList<>();
                for (int i = 0; i < inserted.length; i++) {
                    if (inserted[i] > 0) {
                        restored.add(messages.get(i));
                    }
                }
                // Their keys too: a publisher that retries one of them is answered with it, not stored twice.
                PublishKeys.record(c, entries.stream().filter(e -> e.key() != null).toList());
                return restored;
            }
        });
    }

    @Override
    public int rebuildIndexes() {
        return jdbc.withConnection("rebuilding the indexes", c -> jdbc.dialect(c).rebuildIndexes(c));
    }

    @Override
    public void continueAfter(long id) {
        jdbc.withConnection("moving message ids past " + id, c -> {
            jdbc.dialect(c).continueIdsAfter(c, id);
            return null;
        });
    }

    @Override
    public Map<String, Long> floors() {
        Map<String, Long> floors = new HashMap<>();
        jdbc.query("read of channel floors", "SELECT channel, pruned_through FROM herald_channel_floor",
                rs -> floors.put(rs.getString(1), rs.getLong(2)));
        return floors;
    }

    @Override
    public long oldestId(Set<String> channels) {
        return MessageRows.idOf(jdbc, "MIN", "oldest", channels);
    }

    @Override
    public long newestId(Set<String> channels) {
        return MessageRows.idOf(jdbc, "MAX", "newest", channels);
    }

    @Override
    public List<Position> newestPositions(Set<String> channels, long upToId, int limit) {
        return MessageRows.newestPositions(jdbc, channels, upToId, limit);
    }

    private static Set<String> channelsOf(List<NewMessage> batch) {
        Set<String> channels = new TreeSet<>();
        for (NewMessage m : batch) {
            channels.add(m.channel());
            if (channels.size() == 5) {
                break;
            }
        }
        return channels;
    }
}
