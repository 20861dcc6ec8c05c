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
 * @param reconnectSpreadMillis on shutdown, each stream is told to reconnect after {@code retryMillis}
 *                          plus a random share of this (0: all after {@code retryMillis})
 */
public record HubSettings(long retryMillis, long heartbeatMillis, int queueCapacity, int batchMax,
        int replayPageSize, int writerThreads, long reconnectSpreadMillis) {

    /** Without a reconnect spread: every stream is told {@code retryMillis} at shutdown. */
    public HubSettings(long retryMillis, long heartbeatMillis, int queueCapacity, int batchMax,
            int replayPageSize, int writerThreads) {
        this(retryMillis, heartbeatMillis, queueCapacity, batchMax, replayPageSize, writerThreads, 0);
    }
}
