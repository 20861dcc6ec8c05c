package io.herald.outbox;

import io.herald.hub.Hub;
import io.herald.store.JdbcOutboxLeases;
import java.time.Duration;
import java.util.List;

/** Every configured outbox source, each drained by an {@link OutboxDrainer} while this node holds its lease. */
public final class Outboxes implements AutoCloseable {

    private final List<OutboxDrainer> drainers;

    /** {@code leaseTime}: how long a node that stopped renewing keeps a source before another takes it over. */
    public Outboxes(List<OutboxSource> sources, Hub hub, JdbcOutboxLeases leases, String node, Duration leaseTime) {
        this.drainers = sources.stream().map(s -> new OutboxDrainer(s, hub, leases, node, leaseTime)).toList();
    }

    public void start() {
        drainers.forEach(OutboxDrainer::start);
    }

    /** The sources in the order they were configured. */
    public List<OutboxStatus> statuses() {
        return drainers.stream().map(OutboxDrainer::status).toList();
    }

    /** Stops every drainer after its current step and gives its lease up. */
    @Override
    public void close() {
        drainers.forEach(d -> d.stop(10_000));
    }
}
