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
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link BanStore} in table {@code herald_ban} (sql/V2__bans.sql). */
public final class JdbcBanStore implements BanStore {

    private static final String COLUMNS = "id, user_name, address, reason, created_by, created_at";

    private final DataSource dataSource;

    public JdbcBanStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<Ban> list() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM herald_ban ORDER BY id DESC");
                ResultSet rs = ps.executeQuery()) {
            List<Ban> bans = new ArrayList<>();
            while (rs.next()) {
                bans.add(read(rs));
            }
            return bans;
        } catch (SQLException e) {
            throw new StoreException("read of bans", e);
        }
    }

    @Override
    public Ban add(String user, String address, String reason, String createdBy) {
        if ((user == null) == (address == null)) {
            throw new IllegalArgumentException("a ban names a user or an address, not both or neither");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO herald_ban (user_name, address, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
                        new String[] {"id"})) {
            ps.setString(1, user);
            ps.setString(2, address);
            ps.setString(3, reason);
            ps.setString(4, createdBy);
            ps.setObject(5, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.executeUpdate();
            return new Ban(Jdbc.generatedId(ps), user, address, reason, createdBy, now);
        } catch (SQLException e) {
            throw new StoreException("insert of a ban", e);
        }
    }

    @Override
    public Optional<Ban> remove(long id) {
        try (Connection c = dataSource.getConnection()) {
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
            }
            return ban;
        } catch (SQLException e) {
            throw new StoreException("delete of ban " + id, e);
        }
    }

    private static Ban read(ResultSet rs) throws SQLException {
        return new Ban(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, OffsetDateTime.class).toInstant());
    }

    @Override
    public void announceChange() {
        Jdbc.announceChange(dataSource);
    }
}
