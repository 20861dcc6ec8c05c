package io.herald.web;

import io.herald.http.ApiError;
import io.herald.http.JsonReply;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Owns the reading of one request body that arrives slowly: a {@link ReadListener} on the async
 * request collects it up to its limit ({@code 413} past it) and within its deadline ({@code 408}
 * after it), then hands it to its handler; for a refused request (no handler) it reads and drops
 * what comes, so the client reads the answer rather than a reset.
 *
 * <p>The callbacks of one request take one lock, so a late {@code onDataAvailable} cannot race a
 * timeout; the first outcome wins and completes the request once.
 */
final class BodyReader implements ReadListener, AsyncListener {

    private static final System.Logger LOG = System.getLogger(BodyReader.class.getName());

    private final AsyncContext async;
    private final ServletInputStream in;
    private final HttpServletResponse resp;
    private final boolean http1;
    /** Null: a refused request, its body read only to be dropped. */
    private final RequestBody.Handler handler;
    private final long maxBytes;
    private final long timeoutMillis;
    private final long deadlineNanos;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[8192];
    private final ReentrantLock lock = new ReentrantLock();
    /** An outcome was reached: the body handled, or the request refused. Guarded by lock. */
    private boolean done;
    private long dropped;

    BodyReader(AsyncContext async, HttpServletRequest req, ServletInputStream in, HttpServletResponse resp,
            RequestBody.Handler handler, long maxBytes, long timeoutMillis) {
        this.async = async;
        this.http1 = req.getProtocol().startsWith("HTTP/1");
        this.in = in;
        this.resp = resp;
        this.handler = handler;
        this.maxBytes = maxBytes;
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    @Override
    public void onDataAvailable() {
        lock.lock();
        try {
            if (done) {
                return;
            }
            while (in.isReady()) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                if (handler == null) {
                    dropped += n;
                    if (dropped > maxBytes) {
                        done = true;
                        complete();
                        return;
                    }
                } else if (body.size() + n > maxBytes) {
                    endWith(RequestBody.tooLarge(maxBytes));
                    return;
                } else {
                    body.write(buffer, 0, n);
                }
            }
            // A container may restart its async timeout on every read: the deadline is checked here too.
            if (System.nanoTime() - deadlineNanos > 0) {
                timedOut();
            }
        } catch (IOException | IllegalStateException e) {
            failed(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onAllDataRead() {
        lock.lock();
        try {
            if (done) {
                return;
            }
            done = true;
            if (handler != null) {
                handle();
            }
            complete();
        } finally {
            lock.unlock();
        }
    }

    private void handle() {
        try {
            handler.accept(body.toByteArray());
        } catch (ApiError e) {
            send(e);
        } catch (IOException clientGone) {
            LOG.log(Level.DEBUG, () -> "answering a request failed: " + clientGone, clientGone);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "handling a request body failed", e);
            send(new ApiError(500, "internal error", "handling the request failed: " + e));
        }
    }

    /** The body did not arrive in time: 408, unless an outcome was reached already. */
    @Override
    public void onTimeout(AsyncEvent event) {
        lock.lock();
        try {
            if (!done) {
                timedOut();
            }
        } finally {
            lock.unlock();
        }
    }

    private void timedOut() {
        if (handler == null) {
            done = true;
            complete();
            return;
        }
        endWith(new ApiError(408, "request timeout", "the request body did not arrive within " + timeoutMillis
                + " ms (herald.publish.body-timeout-ms)"));
    }

    /** Reading failed: the client went away, or the container gave up on the connection. */
    @Override
    public void onError(Throwable failure) {
        lock.lock();
        try {
            if (!done) {
                failed(failure);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onError(AsyncEvent event) {
        onError(event.getThrowable());
    }

    private void failed(Throwable failure) {
        LOG.log(Level.DEBUG, () -> "reading a request body failed: " + failure, failure);
        if (handler == null) {
            done = true;
            complete();
            return;
        }
        endWith(new ApiError(400, "bad request", "the request body could not be read: " + failure));
    }

    /** Answers {@code error} mid-body, closes the connection after it (the rest is never read), completes. */
    private void endWith(ApiError error) {
        done = true;
        if (http1 && !resp.isCommitted()) {
            resp.setHeader("Connection", "close");
        }
        send(error);
        complete();
    }

    private void send(ApiError error) {
        try {
            if (!resp.isCommitted()) {
                JsonReply.sendError(resp, error);
            }
        } catch (IOException | IllegalStateException clientGone) {
            LOG.log(Level.DEBUG, () -> "answering " + error.status() + " failed: " + clientGone, clientGone);
        }
    }

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyEnded) {
            // The container ended the request first (the client went away): nothing is left to finish.
            LOG.log(Level.DEBUG, () -> "completing a request failed: " + alreadyEnded);
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        // The outcome was reached (done) before anything completes the request.
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Never re-dispatched.
    }
}
