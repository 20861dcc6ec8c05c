package io.herald.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** {@link MessageHistory} in table {@code herald_message} on H2 or PostgreSQL. */
public final class JdbcHistory implements MessageHistory {

    private final Jdbc jdbc;

    public JdbcHistory(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public Optional<StoredMessage> find(long id) {
        return jdbc.withConnection("read of message " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + MessageRows.HISTORY_COLUMNS + " FROM herald_message WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(MessageRows.readWithPublisher(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<StoredMessage> readAfter(Set<String> channels, long afterId, long upToId, int limit) {
        return MessageRows.readAfter(jdbc, channels, afterId, upToId, limit, true);
    }

    @Override
    public List<StoredMessage> search(String channel, String text, long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT ").append(MessageRows.HISTORY_COLUMNS).append(" FROM herald_message WHERE id < ?");
        if (channel != null) {
            sql.append(" AND channel = ?");
        }
        if (text != null) {
            sql.append(" AND data LIKE ? ESCAPE '!'");
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        return jdbc.withConnection("search of messages before id " + beforeId, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setLong(i++, beforeId);
                if (channel != null) {
                    ps.setString(i++, channel);
                }
                if (text != null) {
                    ps.setString(i++, "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
                }
                ps.setInt(i, limit);
                return MessageRows.readAll(ps, true);
            }
        });
    }

    @Override
    public List<String> channels(int limit) {
        List<String> channels = new ArrayList<>();
        jdbc.query("read of channels", "SELECT channel FROM herald_message GROUP BY channel ORDER BY MAX(id) DESC LIMIT ?",
                rs -> channels.add(rs.getString(1)), limit);
        return channels;
    }

    @Override
    public long count() {
        return jdbc.single("count of messages", "SELECT COUNT(*) FROM herald_message");
    }

    @Override
    public long sizeBytes() {
        try {
            return jdbc.withConnection("read of the database size", c -> jdbc.dialect(c).sizeBytes(c));
        } catch (StoreException e) {
            return -1;
        }
    }
}
