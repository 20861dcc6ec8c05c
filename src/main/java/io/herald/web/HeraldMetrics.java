package io.herald.web;

import io.herald.announce.Receipts;
import io.herald.hub.CloseReason;
import io.herald.hub.Gauges;
import io.herald.outbox.OutboxStatus;
import io.herald.outbox.Outboxes;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;

/**
 * Herald's meters, through Micrometer: scraped as Prometheus text at {@code /metrics} and
 * published as MBeans in JMX domain {@code herald} (JConsole, VisualVM, an agent). Closing it
 * unregisters the MBeans, so a redeploy leaves none behind.
 */
public final class HeraldMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JmxMeterRegistry jmx = new JmxMeterRegistry(new JmxConfig() {
        @Override
        public String get(String key) {
            return null;
        }

        @Override
        public String domain() {
            return "herald";
        }

        @Override
        public Duration step() {
            return Duration.ofSeconds(10);
        }
    }, Clock.SYSTEM);
    private final CompositeMeterRegistry all;

    /**
     * The hub's {@code gauges} and counters, with {@code timings}, the timers the hub was built to report
     * to, each outbox source's (tagged {@code source}), and the receipts dropped.
     */
    public HeraldMetrics(Gauges gauges, HubTimings timings, Outboxes outboxes, Receipts receipts) {
        all = timings.registry();
        all.add(prometheus);
        all.add(jmx);
        Gauge.builder("herald.connections.open", gauges, Gauges::connectionCount)
                .description("Streams open now").register(all);
        Gauge.builder("herald.connections.patterns", gauges, Gauges::patternConnectionCount)
                .description("Streams open now that subscribe through a pattern such as orders/*").register(all);
        FunctionCounter.builder("herald.connects", gauges, g -> g.traffic().connects())
                .description("Streams opened since start").register(all);
        for (CloseReason reason : CloseReason.values()) {
            FunctionCounter.builder("herald.disconnects", gauges, g -> g.traffic().closedCount(reason))
                    .description("Streams ended since start, by reason").tag("reason", reason.wireName()).register(all);
        }
        FunctionCounter.builder("herald.messages.published", gauges, Gauges::publishedCount)
                .description("Messages stored and fanned out since start").register(all);
        FunctionCounter.builder("herald.append.transactions", gauges, g -> g.traffic().appendTransactions())
                .description("Database transactions that stored messages (published over this: messages per commit)")
                .register(all);
        FunctionCounter.builder("herald.frames.delivered", gauges, g -> g.traffic().framesQueued())
                .description("Message frames handed to streams (one per message per stream)").register(all);
        FunctionCounter.builder("herald.bytes.delivered", gauges, g -> g.traffic().bytesWritten()).baseUnit("bytes")
                .description("Bytes written to streams").register(all);
        FunctionCounter.builder("herald.catchup.frames", gauges, g -> g.traffic().catchUpFrames())
                .description("Frames replayed from the store to reconnecting clients").register(all);
        Gauge.builder("herald.queue.depth", gauges, Gauges::queuedFrames)
                .description("Frames waiting in all streams' queues now").register(all);
        Gauge.builder("herald.queue.bytes", gauges, Gauges::queuedBytes).baseUnit("bytes")
                .description("Bytes waiting in all streams' queues now (live frames are shared between streams)").register(all);
        Gauge.builder("herald.catchup.bytes", gauges, Gauges::catchUpBytes).baseUnit("bytes")
                .description("Bytes catch-ups hold now, within herald.stream.catchup-max-bytes").register(all);
        FunctionCounter.builder("herald.receipts.dropped", receipts, Receipts::dropped)
                .description("Delivered receipts and user-directory entries dropped: the queue was full or the database did not answer")
                .register(all);
        for (OutboxStatus source : outboxes.statuses()) {
            outbox(outboxes, source.name());
        }
    }

    private void outbox(Outboxes outboxes, String name) {
        Gauge.builder("herald.outbox.waiting", outboxes, o -> status(o, name).waiting())
                .description("Rows waiting in the outbox, as last counted (-1: not counted yet)").tag("source", name).register(all);
        Gauge.builder("herald.outbox.oldest.age", outboxes, o -> status(o, name).oldestAgeSeconds(Instant.now()))
                .baseUnit("seconds").description("Age of the oldest row waiting in the outbox").tag("source", name).register(all);
        FunctionCounter.builder("herald.outbox.moved", outboxes, o -> status(o, name).moved())
                .description("Rows this node published from the outbox since it started").tag("source", name).register(all);
        Gauge.builder("herald.outbox.skipped", outboxes, o -> status(o, name).skipped())
                .description("Rows that cannot be published (a bad channel or event) and wait").tag("source", name).register(all);
        Gauge.builder("herald.outbox.failing", outboxes, o -> status(o, name).lastError() == null ? 0 : 1)
                .description("1 while the outbox's last pass failed (see the console for why)").tag("source", name).register(all);
        Gauge.builder("herald.outbox.draining", outboxes, o -> status(o, name).drainingHere() ? 1 : 0)
                .description("1 when this node drains the outbox (one node of a cluster does)").tag("source", name).register(all);
    }

    private static OutboxStatus status(Outboxes outboxes, String name) {
        return outboxes.statuses().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** The Prometheus text exposition of every meter. */
    String scrape() {
        return prometheus.scrape();
    }

    @Override
    public void close() {
        all.close();
        prometheus.close();
        jmx.close();
    }
}
