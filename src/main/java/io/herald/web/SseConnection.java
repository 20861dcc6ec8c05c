package io.herald.web;

import io.herald.hub.CloseReason;
import io.herald.hub.Hub;
import io.herald.hub.Subscriber;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes one subscriber's queued frames to its async response without ever blocking.
 *
 * <p>Exactly one drain runs at a time: fan-out and {@code onWritePossible} both signal through a
 * work-in-progress counter, and the thread that raises it from 0 drains until it falls back to 0,
 * so no wake-up is lost. A drain writes while {@code isReady()} is true, coalescing queued frames
 * into chunks of up to 16 KB and flushing once the queue is empty; when {@code isReady()} is false
 * it stops and the container calls {@code onWritePossible} later. Nothing is written before the
 * first {@code onWritePossible}, and {@code complete()} is called only after {@code isReady()} was
 * true or from an error callback, once (Tomcat 10.1 corrupts a stream completed mid-write).
 *
 * <p>The output stream is touched only under {@code outputLock}, and never again once the stream
 * has ended: after a failed write, or once a container callback ({@code onError},
 * {@code onTimeout}, {@code onComplete}) has run. The callbacks take the same lock, so the
 * container cannot recycle the request while a writer thread is inside a write: Tomcat reuses its
 * request, response and socket objects for the next connection, and a late write (or the error
 * state it raises) landed on a stranger's new connection and closed it before its response head.
 */
final class SseConnection implements Subscriber.Outlet, WriteListener, AsyncListener {

    private static final System.Logger LOG = System.getLogger(SseConnection.class.getName());
    private static final int CHUNK_BYTES = 16 * 1024;
    /**
     * The request attribute naming why a stream ended when its client went away, for the
     * container's access log ({@code %{io.herald.close-reason}r}): Tomcat logs such a stream as
     * {@code 500} whatever the servlet does (docs/operations.md).
     */
    static final String CLOSE_REASON_ATTRIBUTE = "io.herald.close-reason";

    private final Hub hub;
    private final Subscriber subscriber;
    private final AsyncContext async;
    private final ServletOutputStream out;
    private final ServletRequest request;
    private final Executor writers;
    private final AtomicInteger wip = new AtomicInteger();
    private final ReentrantLock outputLock = new ReentrantLock();
    /** The stream has ended for this class: the output stream must not be touched. Guarded by outputLock. */
    private boolean ended;
    /** complete() was called, or the container completed the request. Guarded by outputLock. */
    private boolean completed;
    private final Runnable drainTask = this::drain;
    private volatile boolean writable;
    private boolean unflushed;
    private final Delivered delivered;
    /** Ids of the newest message written, flushed, and confirmed written (isReady() after the flush). Guarded by outputLock. */
    private long writtenThrough;
    private long flushedThrough;
    private long confirmedThrough;

    SseConnection(Hub hub, Subscriber subscriber, AsyncContext async, ServletRequest request, ServletOutputStream out,
            Delivered delivered) {
        this.hub = hub;
        this.delivered = delivered;
        this.subscriber = subscriber;
        this.async = async;
        this.request = request;
        this.out = out;
        this.writers = hub.writers();
    }

    /**
     * Schedules a drain on a writer thread, unless one runs (catch-up, subscribe and close). Once
     * the hub is shut down the writers drop it: the stream has been closed by then.
     */
    @Override
    public void signal() {
        if (wip.getAndIncrement() == 0) {
            writers.execute(drainTask);
        }
    }

    /** Drains on the calling thread (a hub writer thread, for fan-out and heartbeats), unless one runs. */
    @Override
    public void drainHere() {
        if (wip.getAndIncrement() == 0) {
            drain();
        }
    }

    @Override
    public void onWritePossible() {
        writable = true;
        if (wip.getAndIncrement() == 0) {
            drain();
        }
    }

    private void drain() {
        int missed = 1;
        do {
            pump();
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void pump() {
        Exception failure = null;
        outputLock.lock();
        try {
            if (!writable || ended) {
                return;
            }
            while (out.isReady()) {
                if (flushedThrough > confirmedThrough) {
                    delivered.written(subscriber, confirmedThrough, flushedThrough);
                    confirmedThrough = flushedThrough;
                }
                byte[] chunk = subscriber.take(CHUNK_BYTES);
                if (chunk != null) {
                    out.write(chunk);
                    writtenThrough = subscriber.takenThrough();
                    hub.gauges().traffic().written(chunk.length);
                    unflushed = true;
                } else if (unflushed) {
                    out.flush();
                    unflushed = false;
                    flushedThrough = writtenThrough;
                } else {
                    if (subscriber.isFinished()) {
                        end(true);
                    }
                    return;
                }
            }
        } catch (IOException | RuntimeException writeFailed) {
            // The client is gone; the container reports it through onError, which completes.
            markClientGone();
            ended = true;
            failure = writeFailed;
        } finally {
            outputLock.unlock();
        }
        if (failure != null) {
            Exception logged = failure;
            LOG.log(Level.DEBUG, () -> "write to connection " + subscriber.id() + " failed: " + logged, logged);
            hub.close(subscriber, CloseReason.CLIENT_GONE);
        }
    }

    /**
     * Marks the stream ended, after any write in progress on another thread, and completes the
     * request once if asked.
     */
    private void end(boolean completeRequest) {
        outputLock.lock();
        try {
            ended = true;
            if (completeRequest && !completed) {
                completed = true;
                try {
                    async.complete();
                } catch (IllegalStateException alreadyEnded) {
                    // The container ended the request first (client gone); nothing is left to finish.
                }
            }
        } finally {
            outputLock.unlock();
        }
    }

    /**
     * Names the reason for the access log. Only while the stream has not ended (under outputLock):
     * afterwards the container may have recycled the request for another connection.
     */
    private void markClientGone() {
        if (ended) {
            return;
        }
        try {
            request.setAttribute(CLOSE_REASON_ATTRIBUTE, CloseReason.CLIENT_GONE.wireName());
        } catch (IllegalStateException | NullPointerException recycled) {
            // The container ended the request already: there is no log line left to name.
            LOG.log(Level.DEBUG, () -> "naming the close reason of connection " + subscriber.id() + " failed: " + recycled);
        }
    }

    private void gone() {
        outputLock.lock();
        try {
            markClientGone();
        } finally {
            outputLock.unlock();
        }
        end(true);
        hub.close(subscriber, CloseReason.CLIENT_GONE);
    }

    @Override
    public void onError(Throwable failure) {
        LOG.log(Level.DEBUG, () -> "write listener error on connection " + subscriber.id() + ": " + failure, failure);
        gone();
    }

    @Override
    public void onError(AsyncEvent event) {
        LOG.log(Level.DEBUG, () -> "async error on connection " + subscriber.id() + ": " + event.getThrowable(), event.getThrowable());
        gone();
    }

    /**
     * A stream has no timeout ({@code setTimeout(0)}), so the container times it out only because
     * the web application is stopping: Tomcat waits {@code unloadDelay} (2 s) for async requests,
     * marks the context stopping, and its once-a-second async sweep then times out every stream,
     * which can come before {@code contextDestroyed} closes them. The stream gets what a shutdown
     * gives it ({@code event: close}, reason {@code shutdown}, with its reconnect hint), written
     * here, on the container's thread, while the request is still usable; then it completes.
     */
    @Override
    public void onTimeout(AsyncEvent event) {
        LOG.log(Level.DEBUG, () -> "connection " + subscriber.id() + " timed out by the container: the application is stopping");
        hub.close(subscriber, CloseReason.SHUTDOWN);
        pump();
        end(true);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        outputLock.lock();
        try {
            ended = true;
            completed = true;
        } finally {
            outputLock.unlock();
        }
        hub.close(subscriber, CloseReason.CLIENT_GONE);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Not re-dispatched: nothing to do.
    }
}
