package io.herald.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The table {@code herald_outbox_lease} (sql/V7): which node drains each outbox source. A node
 * holds a source while it renews its lease before {@code expires_at}; once a lease has expired any
 * node may take it. Works the same on one node (H2) and several (PostgreSQL).
 */
public final class JdbcOutboxLeases {

    private final Jdbc jdbc;

    public JdbcOutboxLeases(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Takes or renews the lease of {@code source} for {@code node} until now + {@code ttl}; false when another node holds it. */
    public boolean hold(String source, String node, Duration ttl) {
        Instant now = Instant.now();
        return jdbc.inTransaction("the outbox lease of " + source, c -> {
            Dialect dialect = jdbc.dialect(c);
            dialect.lockAppends(c);
            int renewed = Jdbc.update(c, "UPDATE herald_outbox_lease SET node = ?, expires_at = ? WHERE source = ?"
                    + " AND (node = ? OR expires_at < ?)", node, now.plus(ttl), source, node, now);
            if (renewed > 0) {
                return true;
            }
            return Jdbc.update(c, "INSERT INTO herald_outbox_lease (source, node, expires_at) SELECT ?, ?, ?"
                    + " WHERE NOT EXISTS (SELECT 1 FROM herald_outbox_lease WHERE source = ?)", source, node, now.plus(ttl),
                    source) > 0;
        });
    }

    /** Gives the lease up at once (a clean stop), so another node need not wait for it to expire. */
    public void release(String source, String node) {
        jdbc.update("releasing the outbox lease of " + source, "DELETE FROM herald_outbox_lease WHERE source = ? AND node = ?",
                source, node);
    }

    /** The node whose lease on {@code source} has not expired, if any. */
    public Optional<String> holder(String source) {
        String[] node = {null};
        jdbc.query("the holder of outbox " + source, "SELECT node FROM herald_outbox_lease WHERE source = ? AND expires_at >= ?",
                rs -> node[0] = rs.getString(1), source, Instant.now());
        return Optional.ofNullable(node[0]);
    }
}
