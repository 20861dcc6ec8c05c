package io.herald.web;

import io.herald.http.ApiError;
import io.herald.http.JsonReply;
import io.herald.store.StoreException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A history request with {@code wait=}: held without a thread until a message it may read arrives
 * or the wait is over (both complete {@code arrival}: {@code Hub.nextMessage}), then
 * answered once, by {@code answer}, which reads the history again. A client that goes away stops
 * the wait. The container's own timeout is only a backstop, well after the wait.
 */
final class LongPoll implements AsyncListener {

    /** Reads the page again and sends it. */
    interface Answer {
        void send(HttpServletResponse resp) throws IOException, ApiError;
    }

    private static final System.Logger LOG = System.getLogger(LongPoll.class.getName());

    private final AsyncContext async;
    private final CompletableFuture<Void> arrival;
    private final Answer answer;
    private final AtomicBoolean answered = new AtomicBoolean();

    private LongPoll(AsyncContext async, CompletableFuture<Void> arrival, Answer answer) {
        this.async = async;
        this.arrival = arrival;
        this.answer = answer;
    }

    /** The container's timeout beyond the wait, should {@code arrival} never complete. */
    private static final long BACKSTOP_MILLIS = 30_000;

    /** Holds {@code req} until {@code arrival} completes (at the latest after {@code waitMillis}), then answers. */
    static void await(HttpServletRequest req, CompletableFuture<Void> arrival, long waitMillis, Answer answer) {
        AsyncContext async = req.startAsync();
        async.setTimeout(waitMillis + BACKSTOP_MILLIS);
        LongPoll poll = new LongPoll(async, arrival, answer);
        async.addListener(poll);
        // Completed on the fan-out thread: the answer reads the store, so it runs on a container thread.
        arrival.thenRun(() -> {
            if (poll.answered.compareAndSet(false, true)) {
                async.start(poll::answerNow);
            }
        });
    }

    private void answerNow() {
        HttpServletResponse resp = (HttpServletResponse) async.getResponse();
        try {
            answer.send(resp);
        } catch (ApiError e) {
            sendError(resp, e);
        } catch (StoreException e) {
            LOG.log(System.Logger.Level.WARNING, "a long-poll's history read failed", e);
            sendError(resp, new ApiError(503, "store unavailable", e.getMessage()));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "a long-poll's answer was not sent: " + e);
        } finally {
            async.complete();
        }
    }

    private static void sendError(HttpServletResponse resp, ApiError e) {
        try {
            JsonReply.sendError(resp, e);
        } catch (IOException gone) {
            // the client went away
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        arrival.cancel(false);
        if (answered.compareAndSet(false, true)) {
            answerNow();
        }
    }

    @Override
    public void onError(AsyncEvent event) {
        arrival.cancel(false);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        arrival.cancel(false);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
