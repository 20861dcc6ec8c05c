package io.herald.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Receipts in {@code herald_receipt} and the user directory in {@code herald_user}. A step is
 * written only where it is still empty, so the first time counts whoever writes it, on any node.
 */
public final class JdbcReceiptStore implements ReceiptStore {

    /** SQLSTATE of a unique-key violation on both databases: two writers inserted the same row at once. */
    private static final String DUPLICATE_KEY = "23505";
    private static final int MAX_ROLES = 4000;

    private final Jdbc jdbc;

    public JdbcReceiptStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public boolean mark(long messageId, String channel, String user, Receipt.State state, Instant at) {
        return retriedOnce("write of a receipt", c -> mark(c, new Mark(messageId, channel, user, state, at)));
    }

    @Override
    public void markAll(Collection<Mark> marks) {
        if (marks.isEmpty()) {
            return;
        }
        retriedOnce("write of " + marks.size() + " receipts", c -> {
            for (Mark m : marks) {
                mark(c, m);
            }
            return true;
        });
    }

    private static boolean mark(Connection c, Mark m) throws SQLException {
        Jdbc.update(c, "INSERT INTO herald_receipt (message_id, channel, user_name) SELECT ?, ?, ? WHERE NOT EXISTS "
                + "(SELECT 1 FROM herald_receipt WHERE message_id = ? AND user_name = ?)", m.messageId(), m.channel(), m.user(),
                m.messageId(), m.user());
        String column = m.state().column;
        return Jdbc.update(c, "UPDATE herald_receipt SET " + column + " = ? WHERE message_id = ? AND user_name = ? AND "
                + column + " IS NULL", m.at().truncatedTo(ChronoUnit.MILLIS), m.messageId(), m.user()) == 1;
    }

    /** Runs {@code work} in a transaction, and once more when another writer inserted one of its rows first. */
    private <T> T retriedOnce(String what, Jdbc.Work<T> work) {
        try {
            return jdbc.inTransaction(what, work);
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && DUPLICATE_KEY.equals(sql.getSQLState())) {
                return jdbc.inTransaction(what, work);
            }
            throw e;
        }
    }

    @Override
    public Optional<Receipt> receipt(long messageId, String user) {
        List<Receipt> found = new ArrayList<>(1);
        jdbc.query("read of a receipt", "SELECT delivered_at, displayed_at, acknowledged_at FROM herald_receipt "
                + "WHERE message_id = ? AND user_name = ?", rs -> found.add(new Receipt(messageId, user, Jdbc.instant(rs, 1),
                        Jdbc.instant(rs, 2), Jdbc.instant(rs, 3))), messageId, user);
        return found.stream().findFirst();
    }

    @Override
    public List<Receipt> receipts(long messageId) {
        List<Receipt> receipts = new ArrayList<>();
        jdbc.query("read of receipts", "SELECT user_name, delivered_at, displayed_at, acknowledged_at FROM herald_receipt "
                + "WHERE message_id = ? ORDER BY user_name", rs -> receipts.add(new Receipt(messageId, rs.getString(1),
                        Jdbc.instant(rs, 2), Jdbc.instant(rs, 3), Jdbc.instant(rs, 4))), messageId);
        return receipts;
    }

    @Override
    public Map<Long, Integer> acknowledgedCounts(Collection<Long> messageIds) {
        Map<Long, Integer> counts = new HashMap<>();
        if (messageIds.isEmpty()) {
            return counts;
        }
        String marks = messageIds.stream().map(id -> "?").collect(Collectors.joining(", "));
        jdbc.query("count of acknowledgements", "SELECT message_id, COUNT(*) FROM herald_receipt WHERE message_id IN ("
                + marks + ") AND acknowledged_at IS NOT NULL GROUP BY message_id",
                rs -> counts.put(rs.getLong(1), rs.getInt(2)), messageIds.toArray());
        return counts;
    }

    @Override
    public Set<Long> acknowledgedBy(String user, Collection<Long> messageIds) {
        Set<Long> acknowledged = new HashSet<>();
        if (messageIds.isEmpty()) {
            return acknowledged;
        }
        List<Object> args = new ArrayList<>(messageIds);
        args.add(0, user);
        jdbc.query("read of a user's acknowledgements", "SELECT message_id FROM herald_receipt WHERE user_name = ? AND message_id IN ("
                + messageIds.stream().map(id -> "?").collect(Collectors.joining(", ")) + ") AND acknowledged_at IS NOT NULL",
                rs -> acknowledged.add(rs.getLong(1)), args.toArray());
        return acknowledged;
    }

    @Override
    public void seen(Collection<KnownUser> users) {
        if (users.isEmpty()) {
            return;
        }
        retriedOnce("write of " + users.size() + " users to the directory", c -> {
            for (KnownUser u : users) {
                String roles = String.join("\n", new TreeSet<>(u.roles()));
                if (roles.length() > MAX_ROLES) {
                    roles = roles.substring(0, Math.max(0, roles.lastIndexOf('\n', MAX_ROLES)));
                }
                Instant at = u.lastSeen().truncatedTo(ChronoUnit.MILLIS);
                if (Jdbc.update(c, "UPDATE herald_user SET roles = ?, last_seen = ? WHERE name = ?", roles, at, u.name()) == 0) {
                    Jdbc.update(c, "INSERT INTO herald_user (name, roles, last_seen) VALUES (?, ?, ?)", u.name(), roles, at);
                }
            }
            return null;
        });
    }

    @Override
    public List<KnownUser> users() {
        List<KnownUser> users = new ArrayList<>();
        jdbc.query("read of the user directory", "SELECT name, roles, last_seen FROM herald_user ORDER BY name",
                rs -> users.add(new KnownUser(rs.getString(1), roles(rs.getString(2)), Jdbc.instant(rs, 3))));
        return users;
    }

    private static Set<String> roles(String stored) {
        return stored.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(stored.split("\n")));
    }
}
