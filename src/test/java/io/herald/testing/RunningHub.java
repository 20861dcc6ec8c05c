package io.herald.testing;

import io.herald.hub.ConnectionInfo;
import io.herald.hub.Audiences;
import io.herald.hub.Hub;
import io.herald.hub.HubObserver;
import io.herald.hub.HubSettings;
import io.herald.hub.Subscriber;
import io.herald.store.InMemoryMessageLog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A started hub on an in-memory message log, for tests outside {@code io.herald.hub}, and streams
 * on it that read everything they are sent, as a client reading as fast as the hub writes.
 */
public final class RunningHub implements AutoCloseable {

    private final Hub hub;
    private final Map<Long, ByteArrayOutputStream> received = new ConcurrentHashMap<>();

    public RunningHub() {
        hub = new Hub(new InMemoryMessageLog(), new HubSettings(1000, 60_000, 100, 64, 100, 2),
                new HubObserver() { }, Hub.Topology.SINGLE_NODE, Audiences.EVERYONE);
        hub.start();
    }

    public Hub hub() {
        return hub;
    }

    /** A registered stream of {@code user} (null: anonymous) from {@code address} on {@code channels}, starting live. */
    public Subscriber stream(String user, String address, String... channels) {
        Subscriber s = hub.open(Set.of(channels), new ConnectionInfo(address, "test-agent", user, Instant.now()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        received.put(s.id(), bytes);
        hub.subscribe(s, () -> drain(s, bytes), OptionalLong.empty());
        return s;
    }

    /** What {@code s} has been sent so far, as the client would read it. */
    public String received(Subscriber s) {
        ByteArrayOutputStream bytes = received.get(s.id());
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static void drain(Subscriber s, ByteArrayOutputStream into) {
        synchronized (into) {
            byte[] chunk;
            while ((chunk = s.take(65536)) != null) {
                into.writeBytes(chunk);
            }
        }
    }

    @Override
    public void close() {
        hub.shutdown(2000);
    }
}
