package io.herald.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bans on H2 in memory, with the schema from the real {@code sql/} files. */
class JdbcBanStoreTest {

    private JdbcDataSource dataSource;

    @BeforeEach
    void freshDatabase() {
        dataSource = InMemoryDatabase.fresh("bans");
    }

    @Test
    void bansAreStoredListedNewestFirstAndRemoved() {
        JdbcBanStore bans = new JdbcBanStore(dataSource);
        Actor admin = new Actor("admin", "10.9.9.9");
        Ban user = bans.add("mallory", null, "spam", admin);
        Ban address = bans.add(null, "10.0.0.7", "scraper", admin);
        assertEquals(List.of(address, user), bans.list());
        assertTrue(user.covers("mallory", "10.1.1.1") && !user.covers("alice", "10.1.1.1"));
        assertTrue(address.covers(null, "10.0.0.7") && !address.covers(null, "10.0.0.8"));
        assertEquals(Optional.of(user), bans.remove(user.id(), admin));
        assertEquals(Optional.empty(), bans.remove(user.id(), admin));
        assertEquals(List.of(address), bans.list());
        List<String> trail = new JdbcAuditStore(dataSource).find(AuditQuery.ALL, 0, 10).stream()
                .map(e -> e.actor() + " " + e.action() + " " + e.target() + " " + e.before() + " " + e.after()).toList();
        assertEquals(List.of("Actor[name=admin, address=10.9.9.9] unban user mallory spam null",
                "Actor[name=admin, address=10.9.9.9] ban address 10.0.0.7 null scraper",
                "Actor[name=admin, address=10.9.9.9] ban user mallory null spam"), trail,
                "each change and its audit entry in one transaction; a removal of nothing records nothing");
    }
}
