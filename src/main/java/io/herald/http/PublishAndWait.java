package io.herald.http;

import io.herald.hub.Hub;
import io.herald.store.Appended;
import io.herald.store.NewMessage;
import io.herald.store.StoredMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Owns a request's wait for its publish: the message goes through the hub like every publish
 * (stored first, then sent), and the request thread waits for the commit, at most the publish
 * timeout ({@code herald.publish.timeout-ms}). Each way it can end without a stored message is one
 * {@link NotStored.Why}, which the API answers with {@code 503} and the console with a sentence.
 */
public final class PublishAndWait {

    private final Hub hub;
    private final long timeoutMillis;

    public PublishAndWait(Hub hub, long timeoutMillis) {
        this.hub = hub;
        this.timeoutMillis = timeoutMillis;
    }

    /** The message as stored, once its row is committed; the interrupt is kept when the wait is interrupted. */
    public StoredMessage publish(NewMessage message) throws NotStored {
        return await(hub.publish(message));
    }

    /**
     * Publishes the messages as one publication (all stored or none) and says, once committed, what
     * became of each: stored, or answered from its idempotency key.
     */
    public List<Appended> publishAll(List<NewMessage> messages) throws NotStored {
        return await(hub.publishAll(messages));
    }

    private <T> T await(CompletableFuture<T> publish) throws NotStored {
        try {
            return publish.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotStored(NotStored.Why.INTERRUPTED, timeoutMillis, e);
        } catch (ExecutionException e) {
            throw new NotStored(NotStored.Why.FAILED, timeoutMillis, e.getCause());
        } catch (TimeoutException e) {
            throw new NotStored(NotStored.Why.TIMED_OUT, timeoutMillis, e);
        }
    }
}
