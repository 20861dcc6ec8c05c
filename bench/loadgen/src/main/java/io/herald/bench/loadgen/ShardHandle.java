package io.herald.bench.loadgen;

/** The coordinator's view of one shard of subscribers, in this process or in a child process. */
interface ShardHandle {

    /** False when the deadline passed before every subscriber connected or failed. */
    boolean awaitConnected(long deadlineNanos) throws InterruptedException;

    /** False when the deadline passed before every subscriber had all messages or ended. */
    boolean awaitSettled(long deadlineNanos) throws InterruptedException;

    /** Subscribers whose response head arrived so far (approximate while running). */
    long connectedSoFar();

    /** The child's process id, or -1 for the in-process shard. */
    long pid();

    /** Asks the shard to close its connections and returns what it saw. */
    void requestStop();

    ShardResult awaitResult(long deadlineNanos) throws InterruptedException;
}
