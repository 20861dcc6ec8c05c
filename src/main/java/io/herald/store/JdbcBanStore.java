package io.herald.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link BanStore} in table {@code herald_ban} (sql/V2__bans.sql). */
public final class JdbcBanStore implements BanStore {

    private static final String COLUMNS = "id, user_name, address, reason, created_by, created_at";

    private final Jdbc jdbc;

    public JdbcBanStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public List<Ban> list() {
        List<Ban> bans = new ArrayList<>();
        jdbc.query("read of bans", "SELECT " + COLUMNS + " FROM herald_ban ORDER BY id DESC", rs -> bans.add(read(rs)));
        return bans;
    }

    @Override
    public Ban add(String user, String address, String reason, Actor by) {
        if ((user == null) == (address == null)) {
            throw new IllegalArgumentException("a ban names a user or an address, not both or neither");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return jdbc.inTransaction("insert of a ban", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO herald_ban (user_name, address, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                ps.setString(1, user);
                ps.setString(2, address);
                ps.setString(3, reason);
                ps.setString(4, by.name());
                ps.setObject(5, Jdbc.timestamp(now));
                ps.executeUpdate();
                Ban ban = new Ban(Jdbc.generatedId(ps), user, address, reason, by.name(), now);
                JdbcAuditStore.insert(c, AuditEntry.of(by, AuditActions.BAN, target(ban), null, reason));
                return ban;
            }
        });
    }

    @Override
    public Optional<Ban> remove(long id, Actor by) {
        return jdbc.inTransaction("delete of ban " + id, c -> {
            Optional<Ban> ban;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM herald_ban WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    ban = rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
            if (ban.isPresent()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM herald_ban WHERE id = ?")) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
                JdbcAuditStore.insert(c, AuditEntry.of(by, AuditActions.UNBAN, target(ban.get()), ban.get().reason(), null));
            }
            return ban;
        });
    }

    private static String target(Ban ban) {
        return ban.user() != null ? "user " + ban.user() : "address " + ban.address();
    }

    private static Ban read(ResultSet rs) throws SQLException {
        return new Ban(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, OffsetDateTime.class).toInstant());
    }

    @Override
    public void announceChange() {
        jdbc.announceChange();
    }
}
