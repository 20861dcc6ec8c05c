package io.herald.hub;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client slower than the catch-up: while the subscriber replays, its own thread waits until the
 * catch-up has parked for it (the queue is full, or more than half full with the catch-up waiting),
 * then reads at most one queue's worth, one frame at a time, so the catch-up must park and resume
 * many times. Once the subscriber is live it reads whatever is queued.
 */
final class FullQueueReader implements Subscriber.Outlet, AutoCloseable {

    private final Subscriber subscriber;
    private final int capacity;
    private final RecordingOutlet client;
    private final AtomicInteger catchUpWaits = new AtomicInteger();
    private final Semaphore signals = new Semaphore(0);
    private final ExecutorService thread = Executors.newSingleThreadExecutor();

    FullQueueReader(Subscriber subscriber, int capacity) {
        this.subscriber = subscriber;
        this.capacity = capacity;
        this.client = RecordingOutlet.stalled(subscriber);
        thread.execute(this::read);
    }

    /** What the client has read so far. */
    RecordingOutlet client() {
        return client;
    }

    /** How many times the reader found the catch-up waiting for it before it read. */
    int catchUpWaits() {
        return catchUpWaits.get();
    }

    @Override
    public void signal() {
        signals.release();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    private void read() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                // Woken by a signal, or after a short wait at the latest: queue depth changes unsignalled.
                signals.tryAcquire(5, TimeUnit.MILLISECONDS);
                signals.drainPermits();
                // A catch-up that resumed while this reader was reading may park again with the
                // queue between half and full: waiting for a full queue then would wait forever.
                boolean waitedFor = subscriber.queueDepth() >= capacity || subscriber.replay().isParked();
                if (!waitedFor && subscriber.isReplaying()) {
                    continue;
                }
                if (waitedFor) {
                    catchUpWaits.incrementAndGet();
                }
                for (int n = 0; n < capacity && client.drainOneFrame() > 0; n++) {
                    // one frame per take: the catch-up resumes as soon as half the queue is free
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
