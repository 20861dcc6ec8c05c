package io.herald.admin;

import io.herald.hub.Hub;
import io.herald.store.NewMessage;
import io.herald.store.StoredMessage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishing from the console: through the hub like every publish (stored first, then sent). */
final class Publisher {

    private final Hub hub;
    private final long timeoutMillis;

    Publisher(Hub hub, long timeoutMillis) {
        this.hub = hub;
        this.timeoutMillis = timeoutMillis;
    }

    /** The stored message; throws IllegalStateException with a sentence for the page when it was not stored. */
    StoredMessage publish(NewMessage message) {
        try {
            return hub.publish(message).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted before the message was stored.");
        } catch (ExecutionException e) {
            throw new IllegalStateException("The message was not stored: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The database did not confirm the message within " + timeoutMillis
                    + " ms; check the messages page before sending it again.");
        }
    }
}
