package io.herald.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
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

    private final Jdbc jdbc;

    public JdbcAccessStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public List<ChannelRule> rules() {
        List<ChannelRule> rules = new ArrayList<>();
        jdbc.query("read of channel rules", "SELECT " + RULE_COLUMNS + " FROM herald_channel_rule ORDER BY pattern",
                rs -> rules.add(new ChannelRule(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getString(5), Jdbc.instant(rs, 6))));
        return rules;
    }

    @Override
    public ChannelRule putRule(String pattern, String access, boolean presence, Actor by) {
        Instant now = now();
        return jdbc.inTransaction("write of the rule for " + pattern, c -> {
            String before = null;
            try (PreparedStatement old = c.prepareStatement("SELECT access, presence FROM herald_channel_rule WHERE pattern = ?")) {
                old.setString(1, pattern);
                try (ResultSet rs = old.executeQuery()) {
                    if (rs.next()) {
                        before = describe(rs.getString(1), rs.getBoolean(2));
                    }
                }
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM herald_channel_rule WHERE pattern = ?")) {
                del.setString(1, pattern);
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO herald_channel_rule "
                    + "(pattern, access, presence, created_by, created_at) VALUES (?, ?, ?, ?, ?)", new String[] {"id"})) {
                ps.setString(1, pattern);
                ps.setString(2, access);
                ps.setBoolean(3, presence);
                ps.setString(4, by.name());
                ps.setObject(5, Jdbc.timestamp(now));
                ps.executeUpdate();
                ChannelRule rule = new ChannelRule(Jdbc.generatedId(ps), pattern, access, presence, by.name(), now);
                JdbcAuditStore.insert(c, AuditEntry.of(by, before == null ? AuditActions.RULE_CREATE : AuditActions.RULE_CHANGE,
                        pattern, before, describe(access, presence)));
                return rule;
            }
        });
    }

    private static String describe(String access, boolean presence) {
        return "access " + access + (presence ? ", presence" : "");
    }

    @Override
    public Optional<ChannelRule> removeRule(long id, Actor by) {
        Optional<ChannelRule> rule = rules().stream().filter(r -> r.id() == id).findFirst();
        if (rule.isEmpty()) {
            return rule;
        }
        return jdbc.inTransaction("delete of rule " + id, c -> {
            if (Jdbc.update(c, "DELETE FROM herald_channel_rule WHERE id = ?", id) == 0) {
                return Optional.empty();
            }
            ChannelRule r = rule.get();
            JdbcAuditStore.insert(c, AuditEntry.of(by, AuditActions.RULE_DELETE, r.pattern(), describe(r.access(), r.presence()),
                    null));
            return rule;
        });
    }

    @Override
    public List<ApiKey> keys() {
        List<ApiKey> keys = new ArrayList<>();
        jdbc.query("read of API keys", "SELECT " + KEY_COLUMNS + " FROM herald_api_key ORDER BY id DESC",
                rs -> keys.add(new ApiKey(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        Jdbc.instant(rs, 6), Jdbc.instant(rs, 7), Jdbc.instant(rs, 8))));
        return keys;
    }

    @Override
    public ApiKey addKey(String name, String prefix, String hash, Actor by) {
        Instant now = now();
        return jdbc.inTransaction("insert of API key " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO herald_api_key "
                    + "(name, prefix, key_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?)", new String[] {"id"})) {
                ps.setString(1, name);
                ps.setString(2, prefix);
                ps.setString(3, hash);
                ps.setString(4, by.name());
                ps.setObject(5, Jdbc.timestamp(now));
                ps.executeUpdate();
                JdbcAuditStore.insert(c, AuditEntry.of(by, AuditActions.KEY_CREATE, name, null, "key " + prefix + "…"));
                return new ApiKey(Jdbc.generatedId(ps), name, prefix, hash, by.name(), now, null, null);
            }
        });
    }

    @Override
    public Optional<ApiKey> revokeKey(long id, Actor by) {
        Optional<ApiKey> key = keys().stream().filter(k -> k.id() == id).findFirst();
        if (key.isEmpty()) {
            return key;
        }
        boolean revoked = jdbc.inTransaction("revoke of API key " + id, c -> {
            if (Jdbc.update(c, "UPDATE herald_api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", now(), id) == 0) {
                return false;
            }
            JdbcAuditStore.insert(c, AuditEntry.of(by, AuditActions.KEY_REVOKE, key.get().name(), "key " + key.get().prefix() + "…",
                    null));
            return true;
        });
        return revoked ? keys().stream().filter(k -> k.id() == id).findFirst() : Optional.empty();
    }

    @Override
    public void keyUsed(long id, Instant when) {
        jdbc.update("update of API key " + id, "UPDATE herald_api_key SET last_used_at = ? WHERE id = ?",
                Jdbc.timestamp(when.truncatedTo(ChronoUnit.MILLIS)), id);
    }

    @Override
    public void addTicket(Ticket t) {
        jdbc.withConnection("insert of a ticket", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO herald_ticket "
                    + "(ticket_hash, user_name, roles, channels, expires_at, session_key, login_until) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, t.hash());
                ps.setString(2, t.user());
                ps.setString(3, String.join(" ", t.roles()));
                ps.setString(4, String.join(" ", t.channels()));
                ps.setObject(5, Jdbc.timestamp(t.expiresAt()));
                ps.setLong(6, t.sessionKey());
                if (t.loginUntil() == null) {
                    ps.setNull(7, Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    ps.setObject(7, Jdbc.timestamp(t.loginUntil()));
                }
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Ticket> takeTicket(String hash, Instant now) {
        return jdbc.withConnection("redeem of a ticket", c -> {
            Ticket ticket;
            try (PreparedStatement ps = c.prepareStatement("SELECT user_name, roles, channels, expires_at, "
                    + "session_key, login_until FROM herald_ticket WHERE ticket_hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    ticket = new Ticket(hash, rs.getString(1), words(rs.getString(2)), words(rs.getString(3)), Jdbc.instant(rs, 4),
                            rs.getLong(5), Jdbc.instant(rs, 6));
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
        });
    }

    @Override
    public int pruneTickets(Instant now) {
        return jdbc.update("prune of tickets", "DELETE FROM herald_ticket WHERE expires_at < ?", Jdbc.timestamp(now));
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
        jdbc.announceChange();
    }
}
