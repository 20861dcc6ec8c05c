package io.herald.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.herald.hub.CloseReason;
import io.herald.hub.Subscriber;
import io.herald.store.JdbcClusterStore;
import io.herald.store.Postgres;
import io.herald.store.Schema;
import io.herald.testing.RunningHub;
import io.herald.testing.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Presence shared by two nodes on a real PostgreSQL, as a stream on node A sees it: a user joins
 * once however many nodes its streams are on and leaves with its last stream anywhere; the users of
 * a node that leaves, or stops saying it is alive, leave.
 */
class ClusterPresenceTest {

    private static Postgres pg;
    private static int databases;
    private final List<Node> nodes = new ArrayList<>();
    private DataSource dataSource;

    /** One node: its hub (presence on channels starting with "room"), its cluster store, its worker and its shared presence. */
    private final class Node implements AutoCloseable {
        final RunningHub hub = new RunningHub();
        final JdbcClusterStore store;
        final ExecutorService worker = Executors.newSingleThreadExecutor();
        final ClusterPresence presence;

        Node(String id, double aliveSeconds) {
            store = new JdbcClusterStore(dataSource, id);
            presence = new ClusterPresence(store, hub.hub(), worker, aliveSeconds);
            hub.hub().presence().policy(channel -> channel.startsWith("room"));
            hub.hub().presence().share(presence);
            store.heartbeat();
        }

        /** Waits until this node has written what changed on it so far. */
        void written() throws Exception {
            worker.submit(() -> { }).get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            worker.shutdownNow();
            hub.close();
        }
    }

    @BeforeAll
    static void startPostgres() {
        pg = Postgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @BeforeEach
    void freshDatabase() {
        String database = "presence" + ++databases;
        pg.freshDatabase(database);
        dataSource = pg.dataSource(database);
        Schema.migrate(dataSource);
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(Node::close);
    }

    private Node node(String id, double aliveSeconds) {
        Node node = new Node(id, aliveSeconds);
        nodes.add(node);
        return node;
    }

    private static String join(String user) {
        return "event: join\ndata: {\"user\":\"" + user + "\"}\n\n";
    }

    private static String leave(String user) {
        return "event: leave\ndata: {\"user\":\"" + user + "\"}\n\n";
    }

    private static int count(String text, String frame) {
        int n = 0;
        for (int at = text.indexOf(frame); at >= 0; at = text.indexOf(frame, at + 1)) {
            n++;
        }
        return n;
    }

    private static void awaitFrames(RunningHub hub, Subscriber watcher, String frame, int times) {
        Wait.until(Duration.ofSeconds(10), () -> times + " x " + frame + " in " + hub.received(watcher),
                () -> count(hub.received(watcher), frame) == times);
    }

    @Test
    void aUserOnTwoNodesJoinsOnceAndLeavesWithItsLastStreamAnywhere() throws Exception {
        Node a = node("node-a", 60);
        Node b = node("node-b", 60);
        Subscriber watcher = a.hub.stream(null, "10.0.0.9", "room1");
        Subscriber aliceOnA = a.hub.stream("alice", "10.0.0.1", "room1");
        a.written();
        a.presence.reload(Set.of("room1"));
        awaitFrames(a.hub, watcher, join("alice"), 1);
        assertEquals(List.of("alice"), a.hub.hub().presence().users("room1"));

        Subscriber aliceOnB = b.hub.stream("alice", "10.0.1.1", "room1");
        b.written();
        a.presence.reload(Set.of("room1"));
        a.hub.hub().close(aliceOnA, CloseReason.CLIENT_GONE);
        a.written();
        a.presence.reload(Set.of("room1"));
        assertEquals(List.of("alice"), a.hub.hub().presence().users("room1"), "still on node B");

        b.hub.hub().close(aliceOnB, CloseReason.CLIENT_GONE);
        b.written();
        a.presence.reload(Set.of("room1"));
        awaitFrames(a.hub, watcher, leave("alice"), 1);
        assertEquals(1, count(a.hub.received(watcher), join("alice")), "one join for two streams");
        assertEquals(List.of(), a.hub.hub().presence().users("room1"));
    }

    @Test
    void theUsersOfANodeThatLeavesLeaveOnEveryChannelAtOnce() throws Exception {
        Node a = node("node-a", 60);
        Node b = node("node-b", 60);
        Subscriber watcher = a.hub.stream(null, "10.0.0.9", "room1", "room2", "lobby");
        b.hub.stream("bob", "10.0.1.2", "room1", "room2", "lobby");
        b.written();
        a.presence.reload(null);
        awaitFrames(a.hub, watcher, join("bob"), 2);
        assertEquals(List.of("bob"), a.hub.hub().presence().users("room2"));
        assertEquals(List.of(), a.hub.hub().presence().users("lobby"), "no presence there");

        b.store.leave();
        a.presence.reload(null);
        awaitFrames(a.hub, watcher, leave("bob"), 2);
        assertEquals(List.of(), a.hub.hub().presence().users("room1"));
    }

    @Test
    void theUsersOfANodeThatStopsSayingItIsAliveLeave() throws Exception {
        Node a = node("node-a", 2);
        Node b = node("node-b", 2);
        Subscriber watcher = a.hub.stream(null, "10.0.0.9", "room1");
        b.hub.stream("bob", "10.0.1.2", "room1");
        b.written();
        b.store.heartbeat();
        a.presence.reload(Set.of("room1"));
        awaitFrames(a.hub, watcher, join("bob"), 1);
        Wait.until(Duration.ofSeconds(15), "bob leaves once node B is silent for 2 s", () -> {
            a.store.heartbeat();
            a.presence.reload(Set.of("room1"));
            return count(a.hub.received(watcher), leave("bob")) == 1;
        });
        assertEquals(List.of(), a.hub.hub().presence().users("room1"));
    }
}
