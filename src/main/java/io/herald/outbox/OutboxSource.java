package io.herald.outbox;

import io.herald.store.OutboxTable;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * One application outbox as configured: its {@code name} (herald.outbox.sources), the application's
 * database, the outbox {@code table} in it, how often it is polled when nothing wakes Herald
 * ({@code pollMillis}) and how many rows move in one pass ({@code batch}).
 */
public record OutboxSource(String name, String description, DataSource dataSource, OutboxTable table, long pollMillis,
        int batch) {

    public OutboxSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(table, "table");
    }

    /** The publisher its rows' idempotency keys belong to: {@code outbox:NAME}, the key being the row's id. */
    public String publisher() {
        return "outbox:" + name;
    }
}
