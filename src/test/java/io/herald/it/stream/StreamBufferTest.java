package io.herald.it.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpGenerator;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jetty takes a small pooled buffer for the chunk header of every write, from the pool's smallest
 * bucket, scanning that bucket's first 256 entries for a free one. An open stream that kept its
 * response buffer in the same bucket (Herald's 2 KB buffer did) pinned entries there for hours:
 * once a server had seen a few hundred streams come and go, every write scanned a few hundred busy
 * entries first. Fan-out to 10,000 streams went from 180 ms to 900 ms p99 across three runs on one
 * server, and 42 % of its CPU was that scan (docs/BENCHMARKS.md). Open streams must hold nothing
 * in that bucket.
 */
class StreamBufferTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int STREAMS = 20;

    /** Jetty's default pool, recording which buffers are held. */
    private static final ArrayByteBufferPool.Tracking POOL = new ArrayByteBufferPool.Tracking();

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of("herald.stream.heartbeat-ms", "60000"), POOL);

    @Test
    void openStreamsHoldNoBufferFromTheBucketJettyTakesChunkHeadersFrom() {
        int chunkBucket = capacityOf(HttpGenerator.CHUNK_SIZE);
        List<SseSubscription> streams = new ArrayList<>();
        try {
            for (int i = 0; i < STREAMS; i++) {
                streams.add(herald.subscribe("/events?channel=buffers"));
            }
            Wait.until(WAIT, () -> STREAMS + " streams open", () -> herald.hub().gauges().connectionCount() == STREAMS);
            String id = Long.toString(herald.publish("buffers", null, "every stream has written"));
            for (SseSubscription stream : streams) {
                assertEquals(id, stream.next(1, WAIT).get(0).lastEventId());
            }

            Wait.until(WAIT, () -> "buffers of " + chunkBucket + " bytes held while " + STREAMS
                    + " streams are open: " + heldIn(chunkBucket) + "\n" + POOL.dumpLeaks(),
                    () -> heldIn(chunkBucket) == 0);
        } finally {
            streams.forEach(SseSubscription::close);
        }
    }

    private static int capacityOf(int size) {
        RetainableByteBuffer probe = POOL.acquire(size, true);
        try {
            return probe.capacity();
        } finally {
            probe.release();
        }
    }

    private static long heldIn(int capacity) {
        return POOL.getLeaks().stream().filter(b -> b.capacity() == capacity).count();
    }
}
