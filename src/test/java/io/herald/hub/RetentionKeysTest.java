package io.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.herald.store.Appended;
import io.herald.store.InMemoryDatabase;
import io.herald.store.JdbcMessageLog;
import io.herald.store.JdbcPruning;
import io.herald.store.NewMessage;
import io.herald.store.PublishKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retention's pass deletes the idempotency keys older than the window it was given, and only those. */
class RetentionKeysTest {

    private final HubFixture hubs = new HubFixture();
    private final DataSource dataSource = InMemoryDatabase.fresh("retention-keys");
    private final Hub hub = hubs.started(new JdbcMessageLog(dataSource, Duration.ofDays(1)), HubFixture.settings(64, 16, 16));

    @AfterEach
    void stop() {
        hubs.close();
    }

    private Appended publishKeyed(String key) throws Exception {
        return hub.publishAll(List.of(new NewMessage("orders", null, "order " + key, new PublishKey("apikey:shop", key))))
                .get(10, TimeUnit.SECONDS).get(0);
    }

    private long keysStored() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM herald_publish_key")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void keysWithinTheWindowStayAndOlderOnesGo() throws Exception {
        assertEquals(Appended.Outcome.STORED, publishKeyed("a").outcome());
        assertEquals(Appended.Outcome.STORED, publishKeyed("b").outcome());
        assertEquals(2, keysStored());

        new Retention(hub, new JdbcPruning(dataSource), null, 0, Duration.ofHours(1)).prune();
        assertEquals(2, keysStored(), "keys younger than the window are kept");
        assertEquals(Appended.Outcome.REPLAYED, publishKeyed("a").outcome());

        // A negative window puts the cutoff a second from now: after both keys were written.
        new Retention(hub, new JdbcPruning(dataSource), null, 0, Duration.ofSeconds(-1)).prune();
        assertEquals(0, keysStored(), "keys older than the window are deleted, even with no message retention set");
        assertEquals(2, hub.gauges().publishedCount(), "pruning keys deletes no message");
    }
}
