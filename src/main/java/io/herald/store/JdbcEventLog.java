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
                List<StoredMessage> stored = insert(c, batch, now);
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
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS)
                .append(" FROM herald_message WHERE id > ? AND id <= ?");
        if (!channels.isEmpty()) {
            sql.append(" AND channel IN (").append(String.join(", ", Collections.nCopies(channels.size(), "?")))
                    .append(')');
        }
        sql.append(" ORDER BY id LIMIT ?");
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setLong(i++, afterId);
            ps.setLong(i++, upToId);
            for (String channel : channels) {
                ps.setString(i++, channel);
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
            throw new StoreException("read of " + channels + " after id " + afterId, e);
        }
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
            boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
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
