package io.herald.bench.loadgen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * All subscribers of a run, split into shards of at most {@code --per-process} each: the first
 * in this process, the rest in child JVMs. Sizes are balanced (19,000 with a limit of 15,000
 * become 9,500 + 9,500) so no process is the straggler.
 */
final class Shards {

    private final List<ShardHandle> shards = new ArrayList<>();

    Shards(Options o, int subscribers, int expected, boolean recordLatency, long runStartNanos,
           int childDeadlineSeconds) throws IOException {
        int processes = Math.max(1, (subscribers + o.perProcess - 1) / o.perProcess);
        // The connect budget is for the whole run: shards connect at the same time.
        int concurrency = Math.max(1, o.connectConcurrency / processes);
        for (int i = 0; i < processes; i++) {
            int size = subscribers / processes + (i < subscribers % processes ? 1 : 0);
            if (i == 0) {
                ShardConfig cfg = new ShardConfig(o.subUrl, o.lastEventId, expected, runStartNanos,
                        recordLatency, o.threads, concurrency, 0);
                shards.add(new LocalShard(cfg, size));
            } else {
                shards.add(new ChildShard(o, i, size, concurrency, runStartNanos, childDeadlineSeconds));
            }
        }
    }

    int processes() {
        return shards.size();
    }

    boolean awaitConnected(long deadlineNanos) throws InterruptedException {
        boolean all = true;
        for (ShardHandle s : shards) {
            all &= s.awaitConnected(deadlineNanos);
        }
        return all;
    }

    boolean awaitSettled(long deadlineNanos) throws InterruptedException {
        boolean all = true;
        for (ShardHandle s : shards) {
            all &= s.awaitSettled(deadlineNanos);
        }
        return all;
    }

    long connectedSoFar() {
        return shards.stream().mapToLong(ShardHandle::connectedSoFar).sum();
    }

    /** Process ids of the child shards, for CPU accounting. */
    long[] childPids() {
        return shards.stream().mapToLong(ShardHandle::pid).filter(p -> p > 0).toArray();
    }

    /** Stops every shard (children first, so they work in parallel) and merges the results. */
    ShardResult stop(long deadlineNanos) throws InterruptedException {
        for (int i = shards.size() - 1; i >= 0; i--) {
            shards.get(i).requestStop();
        }
        ShardResult total = new ShardResult();
        for (int i = shards.size() - 1; i >= 0; i--) {
            total.merge(shards.get(i).awaitResult(deadlineNanos));
        }
        return total;
    }
}
