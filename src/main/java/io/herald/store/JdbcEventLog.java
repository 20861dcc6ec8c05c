package io.herald.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** {@link EventLog} on H2 or PostgreSQL through plain JDBC; the schema comes from {@code sql/}. */
public final class JdbcEventLog implements EventLog {

    private static final String COLUMNS = "id, channel, event, data, created_at";
    private static final String INSERT =
            "INSERT INTO herald_message (channel, event, data, created_at) VALUES (?, ?, ?, ?)";

    private final DataSource dataSource;
    /** Null until the first append finds out. */
    private volatile Boolean postgres;

    /** The channel every node LISTENs on; the payload is the greatest id an append committed. */
    public static final String NOTIFY_CHANNEL = "herald";
    /** Key of the transaction-scoped advisory lock that serialises appends across nodes. */
    static final long APPEND_LOCK = 0x48_65_72_61_6C_64L;

    public JdbcEventLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<StoredMessage> append(List<NewMessage> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                boolean pg = isPostgres(c);
                if (pg) {
                    // One append at a time across every node: identity order is then commit order,
                    // so a node that reads "after my last id" never skips a row committed later.
                    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                        lock.setLong(1, APPEND_LOCK);
                        lock.execute();
                    }
                }
                List<StoredMessage> stored = insert(c, batch, now);
                if (pg) {
                    try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                        notify.setString(1, NOTIFY_CHANNEL);
                        notify.setString(2, Long.toString(stored.get(stored.size() - 1).id()));
                        notify.execute();
                    }
                }
                c.commit();
                return stored;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("append of " + batch.size() + " message(s) to " + channelsOf(batch), e);
        }
    }

    private boolean isPostgres(Connection c) throws SQLException {
        Boolean known = postgres;
        if (known == null) {
            known = Jdbc.isPostgres(c);
            postgres = known;
        }
        return known;
    }

    private static List<StoredMessage> insert(Connection c, List<NewMessage> batch, Instant now) throws SQLException {
        OffsetDateTime createdAt = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement(INSERT, new String[] {"id"})) {
            for (NewMessage m : batch) {
                ps.setString(1, m.channel());
                ps.setString(2, m.event());
                ps.setString(3, m.data());
                ps.setObject(4, createdAt);
                ps.addBatch();
            }
            ps.executeBatch();
            List<StoredMessage> stored = new ArrayList<>(batch.size());
            try (ResultSet keys = ps.getGeneratedKeys()) {
                for (NewMessage m : batch) {
                    if (!keys.next()) {
                        throw new SQLException("the driver returned fewer generated ids than rows inserted");
                    }
                    stored.add(new StoredMessage(keys.getLong(1), m.channel(), m.event(), m.data(), now));
                }
            }
            return stored;
        }
    }

    @Override
    public List<StoredMessage> readAfter(Set<String> channels, long afterId, long upToId, int limit) {
        if (limit <= 0 || upToId <= afterId) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + pageWhere(channels))) {
            bindPage(ps, channels, afterId, upToId, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<StoredMessage> page = new ArrayList<>();
                while (rs.next()) {
                    page.add(read(rs));
                }
                return page;
            }
        } catch (SQLException e) {
            throw new StoreException("read of " + channels + " after id " + afterId, e);
        }
    }

    @Override
    public Page readPage(Set<String> channels, long afterId, long upToId, int limit, long maxBytes) {
        if (limit <= 0 || upToId <= afterId) {
            return new Page(List.of(), false);
        }
        try (Connection c = dataSource.getConnection()) {
            // First the sizes alone (no row's data is held), to find where the page must end.
            long through = afterId;
            int counted = 0;
            boolean cut = false;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, OCTET_LENGTH(data) + COALESCE(OCTET_LENGTH(event), 0)" + pageWhere(channels))) {
                bindPage(ps, channels, afterId, upToId, limit);
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
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + pageWhere(channels))) {
                bindPage(ps, channels, afterId, through, counted);
                try (ResultSet rs = ps.executeQuery()) {
                    List<StoredMessage> page = new ArrayList<>(counted);
                    while (rs.next()) {
                        page.add(read(rs));
                    }
                    return new Page(page, more);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("read of a page of " + channels + " after id " + afterId, e);
        }
    }

    private static String pageWhere(Set<String> channels) {
        StringBuilder sql = new StringBuilder(" FROM herald_message WHERE id > ? AND id <= ?");
        if (!channels.isEmpty()) {
            sql.append(" AND channel IN (").append(String.join(", ", Collections.nCopies(channels.size(), "?")))
                    .append(')');
        }
        return sql.append(" ORDER BY id LIMIT ?").toString();
    }

    private static void bindPage(PreparedStatement ps, Set<String> channels, long afterId, long upToId, int limit)
            throws SQLException {
        int i = 1;
        ps.setLong(i++, afterId);
        ps.setLong(i++, upToId);
        for (String channel : channels) {
            ps.setString(i++, channel);
        }
        ps.setInt(i, limit);
    }

    @Override
    public Optional<StoredMessage> find(long id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM herald_message WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("read of message " + id, e);
        }
    }

    @Override
    public long lastId() {
        return single("SELECT COALESCE(MAX(id), 0) FROM herald_message", "read of the last id");
    }

    @Override
    public void sync() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            if (!isPostgres(c)) {
                st.execute("CHECKPOINT SYNC");
            }
        } catch (SQLException e) {
            throw new StoreException("forcing the database to disk", e);
        }
    }

    @Override
    public void restore(List<StoredMessage> messages) {
        Jdbc.inTransaction(dataSource, "restoring " + messages.size() + " message(s) from the journal", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO herald_message (id, channel, event, data, created_at)"
                    + " SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM herald_message WHERE id = ?)")) {
                for (StoredMessage m : messages) {
                    ps.setLong(1, m.id());
                    ps.setString(2, m.channel());
                    ps.setString(3, m.event());
                    ps.setString(4, m.data());
                    ps.setObject(5, OffsetDateTime.ofInstant(m.createdAt(), ZoneOffset.UTC));
                    ps.setLong(6, m.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void continueAfter(long id) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            if (isPostgres(c)) {
                // setval only ever raises the sequence here: other nodes may have gone further.
                st.execute("SELECT setval(s, GREATEST(" + id + ", COALESCE(pg_sequence_last_value(s::regclass), 0)))"
                        + " FROM (SELECT pg_get_serial_sequence('herald_message', 'id') AS s) q");
            } else if (id >= lastId()) {
                st.execute("ALTER TABLE herald_message ALTER COLUMN id RESTART WITH " + (id + 1));
            }
        } catch (SQLException e) {
            throw new StoreException("moving message ids past " + id, e);
        }
    }

    @Override
    public long count() {
        return single("SELECT COUNT(*) FROM herald_message", "count of messages");
    }

    @Override
    public List<StoredMessage> search(String channel, String text, long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM herald_message WHERE id < ?");
        if (channel != null) {
            sql.append(" AND channel = ?");
        }
        if (text != null) {
            sql.append(" AND data LIKE ? ESCAPE '!'");
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setLong(i++, beforeId);
            if (channel != null) {
                ps.setString(i++, channel);
            }
            if (text != null) {
                ps.setString(i++, "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<StoredMessage> page = new ArrayList<>();
                while (rs.next()) {
                    page.add(read(rs));
                }
                return page;
            }
        } catch (SQLException e) {
            throw new StoreException("search of messages before id " + beforeId, e);
        }
    }

    @Override
    public List<String> channels(int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT channel FROM herald_message GROUP BY channel ORDER BY MAX(id) DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> channels = new ArrayList<>();
                while (rs.next()) {
                    channels.add(rs.getString(1));
                }
                return channels;
            }
        } catch (SQLException e) {
            throw new StoreException("read of channels", e);
        }
    }

    @Override
    public long sizeBytes() {
        try (Connection c = dataSource.getConnection()) {
            boolean postgres = Jdbc.isPostgres(c);
            String sql = postgres
                    ? "SELECT pg_total_relation_size('herald_message')"
                    : "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.FILE_SIZE'";
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    @Override
    public java.util.Map<String, Long> pruneCandidates(Instant olderThan, int maxPerChannel) {
        java.util.Map<String, Long> cutoffs = new java.util.TreeMap<>();
        try (Connection c = dataSource.getConnection()) {
            if (olderThan != null) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT channel, MAX(id) FROM herald_message WHERE created_at < ? GROUP BY channel")) {
                    ps.setObject(1, OffsetDateTime.ofInstant(olderThan, ZoneOffset.UTC));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            cutoffs.merge(rs.getString(1), rs.getLong(2), Math::max);
                        }
                    }
                }
            }
            if (maxPerChannel > 0) {
                List<String> crowded = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT channel FROM herald_message GROUP BY channel HAVING COUNT(*) > ?")) {
                    ps.setLong(1, maxPerChannel);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            crowded.add(rs.getString(1));
                        }
                    }
                }
                for (String channel : crowded) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "SELECT id FROM herald_message WHERE channel = ? ORDER BY id DESC LIMIT 1 OFFSET ?")) {
                        ps.setString(1, channel);
                        ps.setLong(2, maxPerChannel);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                cutoffs.merge(channel, rs.getLong(1), Math::max);
                            }
                        }
                    }
                }
            }
            return cutoffs;
        } catch (SQLException e) {
            throw new StoreException("search for messages to prune", e);
        }
    }

    @Override
    public void pruneThrough(String channel, long through) {
        try (Connection c = dataSource.getConnection()) {
            pruneChannel(c, channel, through);
        } catch (SQLException e) {
            throw new StoreException("prune of channel " + channel + " through id " + through, e);
        }
    }

    /** The floor and the delete in one transaction: the database never holds a gap without its floor. */
    private static void pruneChannel(Connection c, String channel, long through) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            int raised;
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE herald_channel_floor SET pruned_through = ? WHERE channel = ? AND pruned_through < ?")) {
                up.setLong(1, through);
                up.setString(2, channel);
                up.setLong(3, through);
                raised = up.executeUpdate();
            }
            if (raised == 0) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO herald_channel_floor (channel, pruned_through) "
                        + "SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM herald_channel_floor WHERE channel = ?)")) {
                    ins.setString(1, channel);
                    ins.setLong(2, through);
                    ins.setString(3, channel);
                    ins.executeUpdate();
                }
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM herald_message WHERE channel = ? AND id <= ?")) {
                del.setString(1, channel);
                del.setLong(2, through);
                del.executeUpdate();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    @Override
    public java.util.Map<String, Long> floors() {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT channel, pruned_through FROM herald_channel_floor")) {
            java.util.Map<String, Long> floors = new java.util.HashMap<>();
            while (rs.next()) {
                floors.put(rs.getString(1), rs.getLong(2));
            }
            return floors;
        } catch (SQLException e) {
            throw new StoreException("read of channel floors", e);
        }
    }

    @Override
    public long oldestId(Set<String> channels) {
        if (channels.isEmpty()) {
            return 0;
        }
        String sql = "SELECT COALESCE(MIN(id), 0) FROM herald_message WHERE channel IN ("
                + String.join(", ", Collections.nCopies(channels.size(), "?")) + ")";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (String channel : channels) {
                ps.setString(i++, channel);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("read of the oldest id of " + channels, e);
        }
    }

    private long single(String sql, String operation) {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException(operation, e);
        }
    }

    private static StoredMessage read(ResultSet rs) throws SQLException {
        return new StoredMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class).toInstant());
    }

    private static Set<String> channelsOf(List<NewMessage> batch) {
        Set<String> channels = new java.util.TreeSet<>();
        for (NewMessage m : batch) {
            channels.add(m.channel());
            if (channels.size() == 5) {
                break;
            }
        }
        return channels;
    }
}
