package io.herald.web;

import io.herald.http.ApiError;
import io.herald.http.JsonReply;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Reads a request's body without holding a container thread while it arrives, or refuses a
 * request without waiting for its body.
 *
 * <p>Why: a body that trickles in (a byte every few seconds, "slow POST") holds a thread in a
 * blocking read for as long as the client likes, and a few hundred of them hold every thread of
 * the container: {@code /health}, publishing and new streams then wait too. Here the body is read
 * by a {@link BodyReader} on an async request, so the thread goes back to the pool between the
 * bytes. The whole body must arrive within the body timeout ({@code herald.publish.body-timeout-ms})
 * or the request ends with {@code 408}; it may not grow past its limit, whatever its
 * {@code Content-Length} says ({@code 413}). A request refused before its body has arrived gets
 * {@code Connection: close}: the rest of its body is never read.
 */
final class RequestBody {

    /** What to do with a body once all of it has arrived; runs on a container thread. */
    interface Handler {
        void accept(byte[] body) throws ApiError, IOException;
    }

    /** A refused body is read and dropped up to this size, so that the client sees the answer and not a reset. */
    static final long DRAIN_LIMIT = 4L * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(RequestBody.class.getName());

    private RequestBody() {
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
            JsonReply.sendError(resp, e);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "handling a request body failed", e);
            JsonReply.sendError(resp, new ApiError(500, "internal error", "handling the request failed: " + e));
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
            JsonReply.sendError(resp, error);
            return;
        }
        closeAfter(req, resp);
        JsonReply.sendError(resp, error);
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

    /** Goes async and lets a {@link BodyReader} take the body; a null {@code handler} drops it. */
    private static void start(HttpServletRequest req, HttpServletResponse resp, Handler handler, long maxBytes,
            long timeoutMillis) throws IOException {
        AsyncContext async = req.startAsync(req, resp);
        async.setTimeout(timeoutMillis);
        BodyReader reader = new BodyReader(async, req, req.getInputStream(), resp, handler, maxBytes, timeoutMillis);
        async.addListener(reader);
        req.getInputStream().setReadListener(reader);
    }

    static ApiError tooLarge(long max) {
        return new ApiError(413, "payload too large", "the body must be at most " + max + " bytes");
    }
}
