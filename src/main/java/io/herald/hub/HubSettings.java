package io.herald.hub;

/**
 * The hub's tuning, validated by the caller.
 *
 * @param retryMillis       sent as {@code retry:} at the start of every stream
 * @param heartbeatMillis   period of the heartbeat comment, which also finds dead peers
 * @param queueCapacity     frames one connection may have waiting before it is closed as slow
 * @param batchMax          most messages appended in one transaction
 * @param replayPageSize    most rows one catch-up read loads
 * @param writerThreads     threads that write frames to connections
 * @param queueMaxBytes     bytes one connection may have waiting (a single frame always fits an empty queue)
 * @param catchUpMaxBytes   bytes all catch-ups together may hold: their queued frames and the pages they read
 * @param reconnectSpreadMillis on shutdown, each stream is told to reconnect after {@code retryMillis}
 *                          plus a random share of this (0: all after {@code retryMillis})
 */
public record HubSettings(long retryMillis, long heartbeatMillis, int queueCapacity, int batchMax,
        int replayPageSize, int writerThreads, long queueMaxBytes, long catchUpMaxBytes, long reconnectSpreadMillis) {

    public static final long DEFAULT_QUEUE_MAX_BYTES = 1024 * 1024;
    public static final long DEFAULT_CATCHUP_MAX_BYTES = 64L * 1024 * 1024;

    /** With the default byte budgets and no reconnect spread. */
    public HubSettings(long retryMillis, long heartbeatMillis, int queueCapacity, int batchMax, int replayPageSize,
            int writerThreads) {
        this(retryMillis, heartbeatMillis, queueCapacity, batchMax, replayPageSize, writerThreads,
                DEFAULT_QUEUE_MAX_BYTES, DEFAULT_CATCHUP_MAX_BYTES, 0);
    }
}
