package io.herald.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The audit trail in table {@code herald_audit}; the other stores write their acts' entries in their own transactions. */
public final class JdbcAuditStore implements AuditStore {

    private final Jdbc jdbc;

    public JdbcAuditStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void record(AuditEntry entry) {
        jdbc.withConnection("write of an audit entry", c -> {
            insert(c, entry);
            return null;
        });
    }

    /** Writes {@code entry} on {@code c}, in its transaction (nothing when {@code entry} is null). */
    static void insert(Connection c, AuditEntry entry) throws SQLException {
        if (entry == null) {
            return;
        }
        Jdbc.update(c, "INSERT INTO herald_audit (at, actor, address, action, target, before_value, after_value) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", Instant.now().truncatedTo(ChronoUnit.MILLIS), entry.actor().name(),
                entry.actor().address(), entry.action(), cut(entry.target(), 1000), cut(entry.before(), AuditEntry.MAX_VALUE),
                cut(entry.after(), AuditEntry.MAX_VALUE));
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    @Override
    public List<AuditEntry> find(AuditQuery query, int offset, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, address, action, target, before_value, after_value "
                + "FROM herald_audit WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (query.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(query.actor());
        }
        if (query.action() != null) {
            sql.append(" AND action = ?");
            args.add(query.action());
        }
        if (query.from() != null) {
            sql.append(" AND at >= ?");
            args.add(query.from());
        }
        if (query.to() != null) {
            sql.append(" AND at < ?");
            args.add(query.to());
        }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        List<AuditEntry> entries = new ArrayList<>();
        jdbc.query("read of the audit trail", sql.toString(), rs -> entries.add(new AuditEntry(rs.getLong(1), Jdbc.instant(rs, 2),
                new Actor(rs.getString(3), rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getString(8))), args.toArray());
        return entries;
    }

    @Override
    public int pruneBefore(Instant before) {
        return jdbc.update("prune of the audit trail", "DELETE FROM herald_audit WHERE at < ?", before);
    }
}
