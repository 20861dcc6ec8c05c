package io.herald.web;

import io.herald.hub.HubObserver;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * The hub's timings as Micrometer timers: the observer a hub is built with, recording appends,
 * fan-outs and writes. {@link HeraldMetrics} publishes its registry with every other meter.
 */
public final class HubTimings implements HubObserver {

    private final CompositeMeterRegistry registry = new CompositeMeterRegistry(Clock.SYSTEM);
    private final Timer append = Timer.builder("herald.store.append")
            .description("Time of one append transaction (a batch of messages)").publishPercentileHistogram().register(registry);
    private final Timer fanOut = Timer.builder("herald.publish.latency")
            .description("From a publish being submitted to its frame being queued on every stream")
            .publishPercentileHistogram().register(registry);
    // No percentile histogram here: this one is recorded once per socket write (tens of
    // thousands a second under fan-out), where a histogram cost about 0.1 core in benchmark w1.
    private final Timer toWrite = Timer.builder("herald.publish.to.write")
            .description("From a publish being submitted to its frame being written to a stream's socket "
                    + "(the oldest message of each write)").register(registry);

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

    /** The registry the timers are on; registries added to it receive them too. */
    CompositeMeterRegistry registry() {
        return registry;
    }
}
