package io.herald.store;

import io.herald.protocol.ChannelPatterns;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/** The SQL the message log and the history share over table {@code herald_message}: columns, rows, pages by id. */
final class MessageRows {

    static final String COLUMNS = "id, channel, event, data, created_at";
    /** {@link #COLUMNS} and who published: what history shows (catch-up does not need it). */
    static final String HISTORY_COLUMNS = COLUMNS + ", publisher";

    private MessageRows() {
    }

    /** The row at the cursor, selected as {@link #COLUMNS}. */
    static StoredMessage read(ResultSet rs) throws SQLException {
        return new StoredMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class).toInstant());
    }

    /** The row at the cursor, selected as {@link #HISTORY_COLUMNS}. */
    static StoredMessage readWithPublisher(ResultSet rs) throws SQLException {
        return new StoredMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6));
    }

    /** Every row of a query on {@link #COLUMNS}, in its order. */
    static List<StoredMessage> readAll(PreparedStatement ps) throws SQLException {
        return readAll(ps, false);
    }

    /** Every row of a query on {@link #HISTORY_COLUMNS} ({@code withPublisher}) or {@link #COLUMNS}, in its order. */
    static List<StoredMessage> readAll(PreparedStatement ps, boolean withPublisher) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<StoredMessage> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(withPublisher ? readWithPublisher(rs) : read(rs));
            }
            return rows;
        }
    }

    /** {@code afterId < id <= upToId}, of {@code channels} (empty: all), ascending, at most {@code limit}. */
    static List<StoredMessage> readAfter(Jdbc jdbc, Set<String> channels, long afterId, long upToId, int limit) {
        return readAfter(jdbc, channels, afterId, upToId, limit, false);
    }

    /** As {@link #readAfter(Jdbc, Set, long, long, int)}, with each message's publisher when {@code withPublisher}. */
    static List<StoredMessage> readAfter(Jdbc jdbc, Set<String> channels, long afterId, long upToId, int limit,
            boolean withPublisher) {
        if (limit <= 0 || upToId <= afterId) {
            return List.of();
        }
        return jdbc.withConnection("read of " + channels + " after id " + afterId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + (withPublisher ? HISTORY_COLUMNS : COLUMNS)
                    + pageWhere(channels))) {
                bindPage(ps, channels, afterId, upToId, limit);
                return readAll(ps, withPublisher);
            }
        });
    }

    /** The clause after the selected columns of a page: bind it with {@link #bindPage}. */
    static String pageWhere(Set<String> channels) {
        StringBuilder sql = new StringBuilder(" FROM herald_message WHERE id > ? AND id <= ?");
        if (!channels.isEmpty()) {
            sql.append(" AND ").append(channelsMatch(channels));
        }
        return sql.append(" ORDER BY id LIMIT ?").toString();
    }

    static void bindPage(PreparedStatement ps, Set<String> channels, long afterId, long upToId, int limit)
            throws SQLException {
        int i = 1;
        ps.setLong(i++, afterId);
        ps.setLong(i++, upToId);
        i = bindChannels(ps, i, channels);
        ps.setInt(i, limit);
    }

    /**
     * {@code channel IN (?, ?)} for channel names; a pattern ({@code orders/*}) adds
     * {@code channel LIKE 'orders/%'} (its prefix escaped: {@code _} is a channel character), so a
     * page of a pattern is the id range filtered by prefix, in id order. Bind with {@link #bindChannels}.
     */
    static String channelsMatch(Set<String> channels) {
        int names = 0;
        int patterns = 0;
        for (String channel : channels) {
            if (ChannelPatterns.isPattern(channel)) {
                patterns++;
            } else {
                names++;
            }
        }
        List<String> terms = new ArrayList<>();
        if (names > 0) {
            terms.add("channel IN (" + placeholders(names) + ")");
        }
        terms.addAll(Collections.nCopies(patterns, "channel LIKE ? ESCAPE '!'"));
        return terms.size() == 1 ? terms.get(0) : "(" + String.join(" OR ", terms) + ")";
    }

    /** Binds what {@link #channelsMatch} asks for from parameter {@code first} on; returns the next parameter's index. */
    static int bindChannels(PreparedStatement ps, int first, Set<String> channels) throws SQLException {
        int i = first;
        for (String channel : channels) {
            if (!ChannelPatterns.isPattern(channel)) {
                ps.setString(i++, channel);
            }
        }
        for (String channel : channels) {
            if (ChannelPatterns.isPattern(channel)) {
                ps.setString(i++, ChannelPatterns.prefix(channel).replace("!", "!!").replace("_", "!_").replace("%", "!%")
                        + "_%");
            }
        }
        return i;
    }

    /** {@code ?, ?, ?} for {@code n} parameters. */
    static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** See {@link MessageLog#newestPositions}: ids and channels only, newest first. */
    static List<MessageLog.Position> newestPositions(Jdbc jdbc, Set<String> channels, long upToId, int limit) {
        if (channels.isEmpty() || limit <= 0) {
            return List.of();
        }
        return jdbc.withConnection("read of the newest ids of " + channels, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, channel FROM herald_message WHERE id <= ? AND "
                    + channelsMatch(channels) + " ORDER BY id DESC LIMIT ?")) {
                ps.setLong(1, upToId);
                ps.setInt(bindChannels(ps, 2, channels), limit);
                List<MessageLog.Position> newest = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        newest.add(new MessageLog.Position(rs.getLong(1), rs.getString(2)));
                    }
                }
                return newest;
            }
        });
    }

    /** {@code aggregate} (MIN or MAX) of the ids stored in {@code channels}; 0 when they hold none. */
    static long idOf(Jdbc jdbc, String aggregate, String what, Set<String> channels) {
        if (channels.isEmpty()) {
            return 0;
        }
        return jdbc.withConnection("read of the " + what + " id of " + channels, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(" + aggregate + "(id), 0)"
                    + " FROM herald_message WHERE " + channelsMatch(channels))) {
                bindChannels(ps, 1, channels);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

}
