package io.herald.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** {@link AccessStore} in the tables of sql/V3__access.sql. */
public final class JdbcAccessStore implements AccessStore {

    private static final String RULE_COLUMNS = "id, pattern, access, presence, created_by, created_at";
    private static final String KEY_COLUMNS = "id, name, prefix, key_hash, created_by, created_at, last_used_at, revoked_at";

    private final DataSource dataSource;

    public JdbcAccessStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<ChannelRule> rules() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + RULE_COLUMNS + " FROM herald_channel_rule ORDER BY pattern");
                ResultSet rs = ps.executeQuery()) {
            List<ChannelRule> rules = new ArrayList<>();
            while (rs.next()) {
                rules.add(new ChannelRule(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getString(5), Jdbc.instant(rs, 6)));
            }
            return rules;
        } catch (SQLException e) {
            throw new StoreException("read of channel rules", e);
        }
    }

    @Override
    public ChannelRule putRule(String pattern, String access, boolean presence, String by) {
        Instant now = now();
        return Jdbc.inTransaction(dataSource, "write of the rule for " + pattern, c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM herald_channel_rule WHERE pattern = ?")) {
                del.setString(1, pattern);
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO herald_channel_rule "
                    + "(pattern, access, presence, created_by, created_at) VALUES (?, ?, ?, ?, ?)", new String[] {"id"})) {
                ps.setString(1, pattern);
                ps.setString(2, access);
                ps.setBoolean(3, presence);
                ps.setString(4, by);
                ps.setObject(5, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                ps.executeUpdate();
                return new ChannelRule(Jdbc.generatedId(ps), pattern, access, presence, by, now);
            }
        });
    }

    @Override
    public Optional<ChannelRule> removeRule(long id) {
        Optional<ChannelRule> rule = rules().stream().filter(r -> r.id() == id).findFirst();
        if (rule.isPresent()) {
            update("DELETE FROM herald_channel_rule WHERE id = ?", "delete of rule " + id, id);
        }
        return rule;
    }

    @Override
    public List<ApiKey> keys() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + KEY_COLUMNS + " FROM herald_api_key ORDER BY id DESC");
                ResultSet rs = ps.executeQuery()) {
            List<ApiKey> keys = new ArrayList<>();
            while (rs.next()) {
                keys.add(new ApiKey(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        Jdbc.instant(rs, 6), Jdbc.instant(rs, 7), Jdbc.instant(rs, 8)));
            }
            return keys;
        } catch (SQLException e) {
            throw new StoreException("read of API keys", e);
        }
    }

    @Override
    public ApiKey addKey(String name, String prefix, String hash, String by) {
        Instant now = now();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO herald_api_key "
                        + "(name, prefix, key_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?)", new String[] {"id"})) {
            ps.setString(1, name);
            ps.setString(2, prefix);
            ps.setString(3, hash);
            ps.setString(4, by);
            ps.setObject(5, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.executeUpdate();
            return new ApiKey(Jdbc.generatedId(ps), name, prefix, hash, by, now, null, null);
        } catch (SQLException e) {
            throw new StoreException("insert of API key " + name, e);
        }
    }

    @Override
    public Optional<ApiKey> revokeKey(long id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE herald_api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            ps.setObject(1, OffsetDateTime.ofInstant(now(), ZoneOffset.UTC));
            ps.setLong(2, id);
            if (ps.executeUpdate() == 0) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("revoke of API key " + id, e);
        }
        return keys().stream().filter(k -> k.id() == id).findFirst();
    }

    @Override
    public void keyUsed(long id, Instant when) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE herald_api_key SET last_used_at = ? WHERE id = ?")) {
            ps.setObject(1, OffsetDateTime.ofInstant(when.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC));
            ps.setLong(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("update of API key " + id, e);
        }
    }

    @Override
    public void addTicket(Ticket t) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO herald_ticket "
                        + "(ticket_hash, user_name, roles, channels, expires_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, t.hash());
            ps.setString(2, t.user());
            ps.setString(3, String.join(" ", t.roles()));
            ps.setString(4, String.join(" ", t.channels()));
            ps.setObject(5, OffsetDateTime.ofInstant(t.expiresAt(), ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("insert of a ticket", e);
        }
    }

    @Override
    public Optional<Ticket> takeTicket(String hash, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            Ticket ticket;
            try (PreparedStatement ps = c.prepareStatement("SELECT user_name, roles, channels, expires_at "
                    + "FROM herald_ticket WHERE ticket_hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    ticket = new Ticket(hash, rs.getString(1), words(rs.getString(2)), words(rs.getString(3)), Jdbc.instant(rs, 4));
                }
            }
            // The delete decides: of two redeemers, only the one whose delete removed the row wins.
            try (PreparedStatement del = c.prepareStatement("DELETE FROM herald_ticket WHERE ticket_hash = ?")) {
                del.setString(1, hash);
                if (del.executeUpdate() != 1) {
                    return Optional.empty();
                }
            }
            return ticket.expiresAt().isAfter(now) ? Optional.of(ticket) : Optional.empty();
        } catch (SQLException e) {
            throw new StoreException("redeem of a ticket", e);
        }
    }

    @Override
    public int pruneTickets(Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM herald_ticket WHERE expires_at < ?")) {
            ps.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("prune of tickets", e);
        }
    }

    private void update(String sql, String operation, long id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(operation, e);
        }
    }

    private static Set<String> words(String s) {
        Set<String> out = new LinkedHashSet<>(Arrays.asList(s.trim().split("\\s+")));
        out.remove("");
        return out;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public void announceChange() {
        Jdbc.announceChange(dataSource);
    }
}
