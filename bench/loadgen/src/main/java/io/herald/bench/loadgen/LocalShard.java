package io.herald.bench.loadgen;

import java.io.IOException;

/** A shard running in this process: a thin adapter over {@link SubscriberShard}. */
final class LocalShard implements ShardHandle {

    private final SubscriberShard shard;
    private final int subscribers;

    LocalShard(ShardConfig cfg, int subscribers) throws IOException {
        this.shard = new SubscriberShard(cfg, subscribers);
        this.subscribers = subscribers;
        shard.start();
    }

    @Override
    public boolean awaitConnected(long deadlineNanos) throws InterruptedException {
        return shard.awaitConnected(deadlineNanos);
    }

    @Override
    public boolean awaitSettled(long deadlineNanos) throws InterruptedException {
        return shard.awaitSettled(deadlineNanos);
    }

    @Override
    public long connectedSoFar() {
        return shard.connectedCount();
    }

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public void requestStop() {
        // stopping happens in awaitResult, on the caller's thread
    }

    @Override
    public ShardResult awaitResult(long deadlineNanos) throws InterruptedException {
        ShardResult r = shard.stop();
        r.subscribers = Math.max(r.subscribers, subscribers);
        return r;
    }
}
