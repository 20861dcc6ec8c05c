package io.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.herald.protocol.ChannelPatterns;
import io.herald.store.InMemoryDatabase;
import io.herald.store.JdbcMessageLog;
import io.herald.store.NewMessage;
import io.herald.store.StoredMessage;
import io.herald.testing.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pattern subscriptions ({@code orders/*}) on a real H2 store: every channel under the prefix, at
 * any depth, live and in catch-up, once each, in id order, and never a channel the gate refuses.
 */
class HubPatternTest {

    private static final List<String> CHANNELS = List.of("orders/1", "orders/eu/2", "orders", "ordersx/1", "news",
            "orders/secret", "orders/eu/secret/3");
    private static final ChannelGate NO_SECRETS = channel -> !channel.contains("secret");

    private final HubFixture hubs = new HubFixture();

    @AfterEach
    void stop() {
        hubs.close();
    }

    @Test
    void aPatternReceivesEveryChannelUnderItsPrefixOnceLiveAndInCatchUp() throws Exception {
        JdbcMessageLog store = new JdbcMessageLog(InMemoryDatabase.fresh("pattern-live"));
        List<StoredMessage> before = publishedDirectly(store, 3);
        Hub hub = hubs.started(store, HubFixture.settings(8192, 64, 5));
        // One stream names a channel the pattern covers as well: it still gets each message once.
        Map<String, Set<String>> subscriptions = new TreeMap<>(Map.of(
                "pattern", Set.of("orders/*"),
                "pattern and a covered channel", Set.of("orders/*", "orders/1", "orders/eu/*"),
                "pattern and a plain channel", Set.of("orders/eu/*", "news"),
                "gated pattern", Set.of("orders/*")));
        Map<String, Subscriber> subscribers = new TreeMap<>();
        Map<String, RecordingOutlet> clients = new TreeMap<>();
        long resumeAfter = before.get(CHANNELS.size() - 1).id(); // the first round was seen; the rest is missed
        for (Map.Entry<String, Set<String>> e : subscriptions.entrySet()) {
            Subscriber s = hub.open(e.getValue(), e.getKey().startsWith("gated") ? NO_SECRETS : ChannelGate.EVERY,
                    HubFixture.info());
            RecordingOutlet client = RecordingOutlet.draining(s);
            hub.subscribe(s, client, OptionalLong.of(resumeAfter));
            subscribers.put(e.getKey(), s);
            clients.put(e.getKey(), client);
        }
        List<StoredMessage> all = new ArrayList<>(before);
        for (int round = 0; round < 3; round++) {
            for (String channel : CHANNELS) {
                all.add(hub.publish(new NewMessage(channel, null, channel + " live " + round)).get(10, TimeUnit.SECONDS));
            }
        }
        long last = all.get(all.size() - 1).id();

        for (String name : subscriptions.keySet()) {
            Set<String> mine = subscriptions.get(name);
            ChannelGate gate = name.startsWith("gated") ? NO_SECRETS : ChannelGate.EVERY;
            List<Long> expected = all.stream().filter(m -> m.id() > resumeAfter)
                    .filter(m -> mine.stream().anyMatch(s -> ChannelPatterns.covers(s, m.channel())))
                    .filter(m -> mine.contains(m.channel()) || gate.mayRead(m.channel()))
                    .map(StoredMessage::id).toList();
            Subscriber s = subscribers.get(name);
            Wait.until(Duration.ofSeconds(10), () -> name + ": " + clients.get(name).ids() + " expected " + expected,
                    () -> hub.gauges().lastFannedOutId() == last && !s.isReplaying() && s.queueDepth() == 0
                            && clients.get(name).ids().size() >= expected.size());
            assertEquals(expected, clients.get(name).ids(), name);
        }
        assertEquals(List.of("orders/1", "orders/eu/2"), channelsOf(all, clients.get("gated pattern").ids()));
    }

    private static List<StoredMessage> publishedDirectly(JdbcMessageLog store, int rounds) {
        List<NewMessage> batch = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (String channel : CHANNELS) {
                batch.add(new NewMessage(channel, null, channel + " stored " + round));
            }
        }
        return store.append(batch);
    }

    private static List<String> channelsOf(List<StoredMessage> all, List<Long> ids) {
        return all.stream().filter(m -> ids.contains(m.id())).map(StoredMessage::channel).distinct().toList();
    }
}
