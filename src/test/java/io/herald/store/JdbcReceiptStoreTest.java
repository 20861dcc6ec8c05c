package io.herald.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Receipts and the user directory on H2 with the real {@code sql/} files (PostgresStoreTest runs
 * {@link #checkOn} on a real PostgreSQL): the first time of each step counts, also when writers
 * race; retention deletes an announcement's receipts with its message.
 */
class JdbcReceiptStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");

    private final ExecutorService threads = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void receiptsAndTheDirectoryOnH2() throws Exception {
        checkOn(InMemoryDatabase.fresh("receipts"), threads);
    }

    static void checkOn(DataSource ds, ExecutorService threads) throws Exception {
        MessageTables tables = new MessageTables(ds);
        JdbcReceiptStore store = new JdbcReceiptStore(ds);
        long payroll = tables.appendEach("announcements", "payroll").get(0);
        long phishing = tables.appendEach("announcements", "phishing").get(0);

        assertTrue(store.mark(payroll, "announcements", "olga", Receipt.State.DISPLAYED, T0));
        assertFalse(store.mark(payroll, "announcements", "olga", Receipt.State.DISPLAYED, T0.plusSeconds(60)),
                "the first time counts");
        assertTrue(store.mark(payroll, "announcements", "olga", Receipt.State.ACKNOWLEDGED, T0.plusSeconds(5)));
        store.markAll(List.of(new ReceiptStore.Mark(payroll, "announcements", "olga", Receipt.State.DELIVERED, T0.minusSeconds(1)),
                new ReceiptStore.Mark(payroll, "announcements", "ivan", Receipt.State.DELIVERED, T0),
                new ReceiptStore.Mark(phishing, "announcements", "ivan", Receipt.State.DELIVERED, T0)));
        store.markAll(List.of(new ReceiptStore.Mark(payroll, "announcements", "ivan", Receipt.State.DELIVERED, T0.plusSeconds(9))));

        assertEquals(List.of(new Receipt(payroll, "ivan", T0, null, null),
                new Receipt(payroll, "olga", T0.minusSeconds(1), T0, T0.plusSeconds(5))), store.receipts(payroll));
        assertEquals(Map.of(payroll, 1), store.acknowledgedCounts(List.of(payroll, phishing)));
        assertEquals(new Receipt(payroll, "olga", T0.minusSeconds(1), T0, T0.plusSeconds(5)), store.receipt(payroll, "olga").orElseThrow());
        assertTrue(store.receipt(phishing, "olga").isEmpty());
        assertEquals(Set.of(payroll), store.acknowledgedBy("olga", List.of(payroll, phishing)));

        List<Callable<Boolean>> racing = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Instant at = T0.plusMillis(i);
            racing.add(() -> store.mark(phishing, "announcements", "anna", Receipt.State.ACKNOWLEDGED, at));
        }
        int first = 0;
        for (Future<Boolean> f : threads.invokeAll(racing)) {
            first += f.get() ? 1 : 0;
        }
        assertEquals(1, first, "16 writers at once: one first time");
        assertEquals(Map.of(payroll, 1, phishing, 1), store.acknowledgedCounts(List.of(payroll, phishing)));

        store.seen(List.of(new KnownUser("olga", Set.of("staff", "hr"), T0), new KnownUser("ivan", Set.of(), T0)));
        store.seen(List.of(new KnownUser("olga", Set.of("staff"), T0.plusSeconds(3600))));
        assertEquals(List.of(new KnownUser("ivan", Set.of(), T0), new KnownUser("olga", Set.of("staff"), T0.plusSeconds(3600))),
                store.users());

        tables.pruning.pruneThrough("announcements", payroll);
        assertEquals(List.of(), store.receipts(payroll), "deleted with the message");
        assertEquals(2, store.receipts(phishing).size());
        assertNull(store.receipts(phishing).get(0).displayedAt());
        assertEquals(T0.truncatedTo(ChronoUnit.MILLIS), store.receipts(phishing).get(1).deliveredAt());
    }
}
