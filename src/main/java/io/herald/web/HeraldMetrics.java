package io.herald.web;

import io.herald.hub.CloseReason;
import io.herald.hub.Hub;
import io.herald.hub.HubObserver;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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
    private final CompositeMeterRegistry all = new CompositeMeterRegistry(Clock.SYSTEM);

    public HeraldMetrics(Hub hub) {
        all.add(prometheus);
        all.add(jmx);
        Gauge.builder("herald.connections.open", hub, Hub::connectionCount)
                .description("Streams open now").register(all);
        FunctionCounter.builder("herald.connects", hub, h -> h.traffic().connects())
                .description("Streams opened since start").register(all);
        for (CloseReason reason : CloseReason.values()) {
            FunctionCounter.builder("herald.disconnects", hub, h -> h.closedCount(reason))
                    .description("Streams ended since start, by reason").tag("reason", reason.wireName()).register(all);
        }
        FunctionCounter.builder("herald.messages.published", hub, Hub::publishedCount)
                .description("Messages stored and fanned out since start").register(all);
        FunctionCounter.builder("herald.frames.delivered", hub, h -> h.traffic().framesQueued())
                .description("Message frames handed to streams (one per message per stream)").register(all);
        FunctionCounter.builder("herald.bytes.delivered", hub, h -> h.traffic().bytesWritten()).baseUnit("bytes")
                .description("Bytes written to streams").register(all);
        FunctionCounter.builder("herald.catchup.frames", hub, h -> h.traffic().catchUpFrames())
                .description("Frames replayed from the store to reconnecting clients").register(all);
        Gauge.builder("herald.queue.depth", hub, Hub::queuedFrames)
                .description("Frames waiting in all streams' queues now").register(all);
        Gauge.builder("herald.queue.bytes", hub, Hub::queuedBytes).baseUnit("bytes")
                .description("Bytes waiting in all streams' queues now (live frames are shared between streams)").register(all);
        Gauge.builder("herald.catchup.bytes", hub, Hub::catchUpBytes).baseUnit("bytes")
                .description("Bytes catch-ups hold now, within herald.stream.catchup-max-bytes").register(all);
        Timer append = Timer.builder("herald.store.append")
                .description("Time of one append transaction (a batch of messages)").publishPercentileHistogram().register(all);
        Timer fanOut = Timer.builder("herald.publish.latency")
                .description("From a publish being submitted to its frame being queued on every stream")
                .publishPercentileHistogram().register(all);
        Timer toWrite = Timer.builder("herald.publish.to.write")
                .description("From a publish being submitted to its frame being written to a stream's socket "
                        + "(the oldest message of each write)").register(all);
        // No percentile histogram here: this one is recorded once per socket write (tens of
        // thousands a second under fan-out), where a histogram cost about 0.1 core in benchmark w1.
        hub.observe(new HubObserver() {
            @Override
            public void written(long nanos) {
                toWrite.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void appended(int messages, long nanos) {
                append.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void fannedOut(long nanos) {
                fanOut.record(nanos, TimeUnit.NANOSECONDS);
            }
        });
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
