package io.herald.bench.loadgen;

import java.nio.charset.StandardCharsets;

/** What every subscription of a shard shares: where to connect and what to send and expect. */
final class ShardConfig {

    final LoopbackUrl url;
    final byte[] request;
    final int expectedMessages;
    final long runStartNanos;
    final boolean recordLatency;
    final int threads;
    /** Connects outstanding per loop thread. */
    final int maxInFlight;
    final int addressOffset;

    ShardConfig(LoopbackUrl url, String lastEventId, int expectedMessages, long runStartNanos,
                boolean recordLatency, int threads, int connectConcurrency, int addressOffset) {
        this.url = url;
        this.request = request(url, lastEventId);
        this.expectedMessages = expectedMessages;
        this.runStartNanos = runStartNanos;
        this.recordLatency = recordLatency;
        this.threads = threads;
        this.maxInFlight = Math.max(1, connectConcurrency / threads);
        this.addressOffset = addressOffset;
    }

    /** The GET a browser's EventSource sends, minus what the servers under test ignore. */
    static byte[] request(LoopbackUrl url, String lastEventId) {
        StringBuilder sb = new StringBuilder()
                .append("GET ").append(url.target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.host).append("\r\n")
                .append("Accept: text/event-stream\r\n")
                .append("Cache-Control: no-cache\r\n");
        if (lastEventId != null) {
            sb.append("Last-Event-ID: ").append(lastEventId).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
