package io.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.store.Appended;
import io.herald.store.ForwardingMessageLog;
import io.herald.store.InMemoryMessageLog;
import io.herald.store.NewMessage;
import io.herald.store.StoredMessage;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one thread that appends survives an append that fails with an Error (an OutOfMemoryError
 * inside the driver, which cannot be made to happen on cue, so the store throws it once): that
 * publish is refused, the next ones are stored and acknowledged as usual.
 */
class SequencerSurvivalTest {

    private final HubFixture hubs = new HubFixture();

    @AfterEach
    void stop() {
        hubs.close();
    }

    @Test
    void anAppendThatThrowsAnErrorFailsItsBatchAndLaterPublishesAreStored() throws Exception {
        AtomicBoolean failNext = new AtomicBoolean(false);
        InMemoryMessageLog store = new InMemoryMessageLog();
        ForwardingMessageLog log = new ForwardingMessageLog(store) {
            @Override
            public List<List<Appended>> appendAll(List<List<NewMessage>> publications) {
                if (failNext.getAndSet(false)) {
                    throw new OutOfMemoryError("Java heap space (thrown by the test)");
                }
                return super.appendAll(publications);
            }
        };
        Hub hub = hubs.started(log, HubFixture.settings(64, 16, 100));
        StoredMessage first = hub.publish(new NewMessage("s", null, "first")).get(10, TimeUnit.SECONDS);

        failNext.set(true);
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> hub.publish(new NewMessage("s", null, "refused")).get(10, TimeUnit.SECONDS));
        assertTrue(refused.getCause() instanceof OutOfMemoryError, refused.toString());

        StoredMessage after = hub.publish(new NewMessage("s", null, "after")).get(10, TimeUnit.SECONDS);
        assertTrue(after.id() > first.id());
        assertEquals(List.of("first", "after"), store.readAfter(java.util.Set.of("s"), 0, Long.MAX_VALUE, 10)
                .stream().map(StoredMessage::data).toList());
    }
}
