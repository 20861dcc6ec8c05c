package io.herald.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.hub.CloseReason;
import io.herald.hub.Subscriber;
import io.herald.store.JdbcClusterStore;
import io.herald.store.Postgres;
import io.herald.store.Schema;
import io.herald.testing.RunningHub;
import io.herald.testing.Wait;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connections of two nodes on a real PostgreSQL, asked from node A: B's streams are listed,
 * found and kicked through a command row that B answers; a node that does not answer in time is
 * named silent (or is a 504 for one connection), and a node that is not alive is not found.
 */
class ClusterNodesTest {

    private static final double ALIVE_SECONDS = 60;
    private static Postgres pg;
    private static int databases;

    private RunningHub hubA;
    private RunningHub hubB;
    private JdbcClusterStore storeA;
    private JdbcClusterStore storeB;
    private ClusterNodes a;
    private ClusterNodes b;

    @BeforeAll
    static void startPostgres() {
        pg = Postgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @BeforeEach
    void twoLiveNodes() {
        String database = "nodes" + ++databases;
        pg.freshDatabase(database);
        DataSource dataSource = pg.dataSource(database);
        Schema.migrate(dataSource);
        hubA = new RunningHub();
        hubB = new RunningHub();
        storeA = new JdbcClusterStore(dataSource, "node-a");
        storeB = new JdbcClusterStore(dataSource, "node-b");
        storeA.heartbeat();
        storeB.heartbeat();
        a = nodeA(Duration.ofSeconds(10));
        b = new ClusterNodes(storeB, new LocalNodes(hubB.hub(), "node-b"), ALIVE_SECONDS, Duration.ofSeconds(10));
    }

    @AfterEach
    void stopHubs() {
        hubA.close();
        hubB.close();
    }

    private ClusterNodes nodeA(Duration answerTimeout) {
        return new ClusterNodes(storeA, new LocalNodes(hubA.hub(), "node-a"), ALIVE_SECONDS, answerTimeout);
    }

    /** Asks on node A while node B answers the commands addressed to it, as its cluster worker does when notified. */
    private <T> T askWhileBAnswers(Supplier<T> question) {
        CompletableFuture<T> asked = CompletableFuture.supplyAsync(question);
        Wait.until(Duration.ofSeconds(15), "node A's answer from node B", () -> {
            b.answerPending();
            return asked.isDone();
        });
        return asked.join();
    }

    @Test
    void theConnectionsOfEveryLiveNodeComeTogetherByNodeThenId() {
        Subscriber carol = hubB.stream("carol", "10.0.1.3", "news");
        Subscriber alice = hubA.stream("alice", "10.0.0.1", "news");
        Subscriber bob = hubB.stream("bob", "10.0.1.2", "sport");
        Nodes.Connections all = askWhileBAnswers(a::connections);
        assertEquals(List.of("node-a:" + alice.id(), "node-b:" + carol.id(), "node-b:" + bob.id()),
                all.all().stream().map(v -> v.node() + ":" + v.id()).toList());
        assertEquals(List.of("node-a", "node-b"), all.nodes());
        assertEquals(List.of(), all.silent());
        ConnectionView bobs = all.all().get(2);
        assertEquals("bob", bobs.user());
        assertEquals("10.0.1.2", bobs.remoteAddress());
        assertEquals(List.of("sport"), bobs.channels());
    }

    @Test
    void aStreamOnAnotherNodeIsFoundAndKickedThere() {
        Subscriber bob = hubB.stream("bob", "10.0.1.2", "sport");
        assertEquals("bob", askWhileBAnswers(() -> a.find("node-b", bob.id())).orElseThrow().user());
        assertTrue(askWhileBAnswers(() -> a.kick("node-b", bob.id())));
        Wait.until(Duration.ofSeconds(5), () -> "bob told he was kicked: " + hubB.received(bob),
                () -> hubB.received(bob).contains("event: close\ndata: {\"reason\":\"kicked\"}\n\n"));
        assertEquals(1, hubB.hub().gauges().traffic().closedCount(CloseReason.KICKED));
        assertFalse(askWhileBAnswers(() -> a.kick("node-b", bob.id())), "already closed");
        assertTrue(askWhileBAnswers(() -> a.find("node-b", bob.id())).isEmpty());
    }

    @Test
    void thisNodesOwnStreamsNeedNoOtherNodeToAnswer() {
        Subscriber alice = hubA.stream("alice", "10.0.0.1", "news");
        assertEquals("alice", a.find("node-a", alice.id()).orElseThrow().user());
        assertTrue(a.kick("node-a", alice.id()));
        assertTrue(hubA.hub().find(alice.id()).isEmpty());
    }

    @Test
    void aNodeThatDoesNotAnswerInTimeIsNamedSilentAndTheOthersAreStillListed() {
        Subscriber alice = hubA.stream("alice", "10.0.0.1", "news");
        Subscriber bob = hubB.stream("bob", "10.0.1.2", "sport");
        ClusterNodes impatient = nodeA(Duration.ofMillis(300));
        Nodes.Connections all = impatient.connections();
        assertEquals(List.of(alice.id()), all.all().stream().map(ConnectionView::id).toList());
        assertEquals(List.of("node-a", "node-b"), all.nodes());
        assertEquals(List.of("node-b"), all.silent());
        Nodes.Unavailable silent = assertThrows(Nodes.Unavailable.class, () -> impatient.find("node-b", bob.id()));
        assertEquals(504, silent.status());
        assertEquals("node silent", silent.error());
        assertEquals("node node-b did not answer within 300 ms", silent.getMessage());
        assertEquals(504, assertThrows(Nodes.Unavailable.class, () -> impatient.kick("node-b", bob.id())).status());
        assertTrue(hubB.hub().find(bob.id()).isPresent());
    }

    @Test
    void aNodeThatIsNotAliveIsNotFoundAndThisNodeIsAlwaysListed() {
        Nodes.Unavailable unknown = assertThrows(Nodes.Unavailable.class, () -> a.find("node-z", 1));
        assertEquals(404, unknown.status());
        assertEquals("there is no live node node-z", unknown.getMessage());
        storeB.leave();
        storeA.leave();
        Subscriber bob = hubB.stream("bob", "10.0.1.2", "sport");
        assertEquals(404, assertThrows(Nodes.Unavailable.class, () -> a.kick("node-b", bob.id())).status());
        Nodes.Connections all = a.connections();
        assertEquals(List.of("node-a"), all.nodes(), "this node, before its next heartbeat registers it again");
        assertEquals(List.of(), all.all());
        assertEquals(List.of(), all.silent());
    }
}
