package io.herald.web;

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
 * Reads a request's body without holding a container thread while it arrives, or refuses a
 * request without waiting for its body.
 *
 * <p>Why: a body that trickles in (a byte every few seconds, "slow POST") holds a thread in a
 * blocking read for as long as the client likes, and a few hundred of them hold every thread of
 * the container: {@code /health}, publishing and new streams then wait too. Here the body is read
 * by a {@link ReadListener} on an async request, so the thread goes back to the pool between the
 * bytes. The whole body must arrive within the body timeout ({@code herald.publish.body-timeout-ms})
 * or the request ends with {@code 408}; it may not grow past its limit, whatever its
 * {@code Content-Length} says ({@code 413}). A request refused before its body has arrived gets
 * {@code Connection: close}: the rest of its body is never read.
 *
 * <p>The callbacks of one request take one lock, so a late {@code onDataAvailable} cannot race a
 * timeout; the first outcome wins and completes the request once.
 */
final class RequestBody implements ReadListener, AsyncListener {

    /** What to do with a body once all of it has arrived; runs on a container thread. */
    interface Handler {
        void accept(byte[] body) throws ApiError, IOException;
    }

    /** A refused body is read and dropped up to this size, so that the client sees the answer and not a reset. */
    static final long DRAIN_LIMIT = 4L * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(RequestBody.class.getName());

    private final AsyncContext async;
    private final ServletInputStream in;
    private final HttpServletResponse resp;
    private final boolean http1;
    /** Null: a refused request, its body read only to be dropped. */
    private final Handler handler;
    private final long maxBytes;
    private final long timeoutMillis;
    private final long deadlineNanos;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[8192];
    private final ReentrantLock lock = new ReentrantLock();
    /** An outcome was reached: the body handled, or the request refused. Guarded by lock. */
    private boolean done;
    private long dropped;

    private RequestBody(AsyncContext async, HttpServletRequest req, ServletInputStream in, HttpServletResponse resp,
            Handler handler, long maxBytes, long timeoutMillis) {
        this.async = async;
        this.http1 = req.getProtocol().startsWith("HTTP/1");
        this.in = in;
        this.resp = resp;
        this.handler = handler;
        this.maxBytes = maxBytes;
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /**
     * Reads the body, at most {@code maxBytes} within {@code timeoutMillis}, and hands it to
     * {@code handler}, whose answer (or {@link ApiError}) completes the request.
     */
    static void read(HttpServletRequest req, HttpServletResponse resp, int maxBytes, long timeoutMillis, Handler handler)
            throws IOException {
        long length = req.getContentLengthLong();
        if (length > maxBytes) {
            refuse(req, resp, tooLarge(maxBytes), timeoutMillis);
            return;
        }
        if (length >= 0 && req.getInputStream().available() >= length) {
            // The usual publish: the whole body came with the headers. Reading it cannot block, so
            // it is read here, without the async round trip a trickling body needs.
            handleNow(req.getInputStream().readNBytes((int) length), resp, handler);
            return;
        }
        start(req, resp, handler, maxBytes, timeoutMillis);
    }

    private static void handleNow(byte[] body, HttpServletResponse resp, Handler handler) throws IOException {
        try {
            handler.accept(body);
        } catch (ApiError e) {
            Json.sendError(resp, e);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "handling a request body failed", e);
            Json.sendError(resp, new ApiError(500, "internal error", "handling the request failed: " + e));
        }
    }

    /**
     * Answers {@code error} at once, without waiting for the body. When a body may still be
     * coming, the answer says {@code Connection: close}, and what arrives of the body within
     * {@code drainMillis} is read and dropped without holding a thread (so that a client still
     * sending reads the answer rather than a reset); then the connection closes.
     */
    static void refuse(HttpServletRequest req, HttpServletResponse resp, ApiError error, long drainMillis) throws IOException {
        if (!mayHaveBody(req)) {
            Json.sendError(resp, error);
            return;
        }
        closeAfter(req, resp);
        Json.sendError(resp, error);
        if (req.getContentLengthLong() > DRAIN_LIMIT || !req.isAsyncSupported()) {
            return;
        }
        resp.flushBuffer();
        start(req, resp, null, DRAIN_LIMIT, drainMillis);
    }

    /**
     * Asks the container to close an HTTP/1.1 connection after this answer, the rest of the body
     * left unread. HTTP/2 forbids the header; there the container resets just the request's stream.
     */
    private static void closeAfter(HttpServletRequest req, HttpServletResponse resp) {
        if (req.getProtocol().startsWith("HTTP/1")) {
            resp.setHeader("Connection", "close");
        }
    }

    /** A Content-Length above 0, or a chunked body. */
    static boolean mayHaveBody(HttpServletRequest req) {
        return req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null;
    }

    private static void start(HttpServletRequest req, HttpServletResponse resp, Handler handler, long maxBytes,
            long timeoutMillis) throws IOException {
        AsyncContext async = req.startAsync(req, resp);
        async.setTimeout(timeoutMillis);
        RequestBody reader = new RequestBody(async, req, req.getInputStream(), resp, handler, maxBytes, timeoutMillis);
        async.addListener(reader);
        reader.in.setReadListener(reader);
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
                    endWith(tooLarge((int) maxBytes));
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
                Json.sendError(resp, error);
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

    private static ApiError tooLarge(int max) {
        return new ApiError(413, "payload too large", "the body must be at most " + max + " bytes");
    }
}
