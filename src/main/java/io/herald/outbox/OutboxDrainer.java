package io.herald.outbox;

import io.herald.hub.Hub;
import io.herald.store.Appended;
import io.herald.store.JdbcOutboxLeases;
import io.herald.store.NewMessage;
import io.herald.store.OutboxTable;
import io.herald.store.PublishKey;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drains one outbox on a thread of its own, while this node holds the source's lease: reads the
 * oldest rows by id, publishes each with the idempotency key {@code outbox:NAME} / row id (so a
 * row published before a crash, and not yet deleted, is answered from its key and not stored
 * again), waits for the commit, then deletes the published rows from the outbox. A row that
 * cannot be a message (a bad channel or event name) stays where it is, is skipped, and is named
 * in the last error until someone fixes or deletes it. Any failure (Herald's store, the source
 * database) ends the pass; the next one starts over with a new connection, so nothing is lost
 * and nothing is published twice.
 */
final class OutboxDrainer {

    private static final System.Logger LOG = System.getLogger(OutboxDrainer.class.getName());
    /** How often a node that does not drain the source counts its rows for the console. */
    private static final long COUNT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** How often the draining node counts them: at most twice a second, however fast it drains. */
    private static final long DRAINER_COUNT_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long MAX_BACKOFF_MILLIS = 5000;
    private static final long PUBLISH_TIMEOUT_SECONDS = 60;

    private final OutboxSource source;
    private final Hub hub;
    private final SourceLease lease;
    private final Thread thread;
    private final Object wake = new Object();
    private final AtomicLong moved = new AtomicLong();
    private volatile boolean running = true;
    private volatile OutboxTable.Backlog backlog;
    private volatile int skipped;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private final SourceConnection connection;
    private long countedNanos;
    private long backoffMillis;

    OutboxDrainer(OutboxSource source, Hub hub, JdbcOutboxLeases leases, String node, Duration leaseTime) {
        this.source = source;
        this.hub = hub;
        this.lease = new SourceLease(source.name(), leases, node, leaseTime);
        this.connection = new SourceConnection(source);
        this.thread = new Thread(this::run, "herald-outbox-" + source.name());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Ends the loop after its current step (never interrupted inside JDBC) and gives the lease up. */
    void stop(long timeoutMillis) {
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    OutboxStatus status() {
        OutboxTable.Backlog b = backlog;
        return new OutboxStatus(source.name(), source.description(), source.table().name(), lease.drainer(), lease.held(),
                b == null ? -1 : b.rows(), b == null ? null : b.oldest(), moved.get(), skipped, lastError, lastErrorAt);
    }

    private void run() {
        while (running) {
            try {
                if (!holdLease()) {
                    count(COUNT_EVERY_NANOS);
                    pause(lease.retryMillis());
                    continue;
                }
                int read = drainOnce();
                count(DRAINER_COUNT_EVERY_NANOS);
                backoffMillis = 0;
                if (read < source.batch()) {
                    awaitWork();
                }
            } catch (RuntimeException | SQLException | ExecutionException | TimeoutException e) {
                failed(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        connection.close();
        lease.release();
    }

    private boolean holdLease() {
        boolean held = lease.hold();
        if (!held) {
            connection.close();
        }
        return held;
    }

    /** One pass: publishes up to a batch of rows and deletes them; returns how many rows it read (skipped ones aside). */
    private int drainOnce() throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        Connection c = connection.get();
        int bad = skipped;
        List<OutboxTable.Row> rows = source.table().read(c, Math.min(source.batch() + bad, 2 * OutboxTable.MAX_ROWS));
        List<OutboxTable.Row> good = new ArrayList<>(rows.size());
        List<String> problems = new ArrayList<>();
        for (OutboxTable.Row row : rows) {
            Optional<String> problem = OutboxRows.problem(row);
            if (problem.isPresent()) {
                problems.add("row " + row.id() + " (channel " + row.channel() + "): " + problem.get());
            } else if (good.size() < source.batch()) {
                good.add(row);
            }
        }
        skipped = problems.size();
        List<CompletableFuture<List<Appended>>> published = new ArrayList<>(good.size());
        for (OutboxTable.Row row : good) {
            String event = row.event() == null || row.event().isEmpty() ? null : row.event();
            published.add(hub.publishAll(List.of(new NewMessage(row.channel(), event, row.data(),
                    new PublishKey(source.publisher(), Long.toString(row.id()))).by(source.publisher()))));
        }
        List<Long> done = new ArrayList<>(good.size());
        for (int i = 0; i < good.size(); i++) {
            Appended a = published.get(i).get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS).get(0);
            if (a.outcome() == Appended.Outcome.CONFLICT) {
                problems.add("row " + good.get(i).id() + ": its id was published before as message " + a.message().id()
                        + " with another " + a.differs() + " (was the outbox table re-created?); delete the row");
            } else {
                done.add(good.get(i).id());
            }
        }
        source.table().delete(c, done);
        moved.addAndGet(done.size());
        if (problems.isEmpty()) {
            lastError = null;
        } else {
            skipped = problems.size();
            error(problems.size() + " row(s) cannot be published and wait in the outbox: " + String.join("; ",
                    problems.subList(0, Math.min(3, problems.size()))) + (problems.size() > 3 ? "; ..." : ""));
        }
        return good.size();
    }

    /** Counts the rows waiting, at most once every {@code everyNanos}; keeps the last count on failure. */
    private void count(long everyNanos) {
        long t = System.nanoTime();
        if (t - countedNanos < everyNanos && backlog != null) {
            return;
        }
        countedNanos = t;
        try {
            backlog = source.table().backlog(connection.get());
            if (!lease.held() && lastError != null && lastError.startsWith("cannot reach")) {
                lastError = null;
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            if (!lease.held()) {
                error("cannot reach the outbox: " + describe(e));
            }
        }
    }

    /** Until a PostgreSQL outbox's trigger says a row was committed, or the poll interval has passed. */
    private void awaitWork() throws InterruptedException {
        if (!connection.awaitNotice(source.pollMillis(), () -> running)) {
            pause(source.pollMillis());
        }
    }

    private void pause(long millis) throws InterruptedException {
        synchronized (wake) {
            if (running) {
                wake.wait(millis);
            }
        }
    }

    private void failed(Exception e) {
        connection.close();
        error(describe(e));
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, Math.max(source.pollMillis(), backoffMillis * 2));
        try {
            pause(backoffMillis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void error(String message) {
        if (!message.equals(lastError)) {
            LOG.log(Level.WARNING, "outbox " + source.name() + " (" + source.description() + "): " + message);
        }
        lastError = message;
        lastErrorAt = Instant.now();
    }

    private static String describe(Exception e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String text = t instanceof TimeoutException ? "Herald's store did not confirm within " + PUBLISH_TIMEOUT_SECONDS + " s"
                : String.valueOf(t.getMessage());
        Throwable cause = t.getCause();
        return cause != null && cause.getMessage() != null && !text.contains(cause.getMessage())
                ? text + ": " + cause.getMessage() : text;
    }
}
