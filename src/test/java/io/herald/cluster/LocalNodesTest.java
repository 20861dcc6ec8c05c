package io.herald.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.hub.CloseReason;
import io.herald.hub.Subscriber;
import io.herald.testing.RunningHub;
import io.herald.testing.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One node's view of its connections over a real hub: every open stream by id, as the console
 * shows it; a kick ends one stream with {@code kicked}; any other node's name is refused as not found.
 */
class LocalNodesTest {

    private RunningHub hub;
    private LocalNodes nodes;

    @BeforeEach
    void start() {
        hub = new RunningHub();
        nodes = new LocalNodes(hub.hub(), "node-a");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void theConnectionsAreThisNodesOpenStreamsInIdOrder() {
        Subscriber bob = hub.stream("bob", "10.0.0.2", "news", "sport");
        Subscriber anonymous = hub.stream(null, "10.0.0.3", "sport");
        Subscriber alice = hub.stream("alice", "10.0.0.1", "news");
        Nodes.Connections connections = nodes.connections();
        assertEquals(List.of(bob.id(), anonymous.id(), alice.id()), connections.all().stream().map(ConnectionView::id).toList());
        assertEquals(List.of("node-a"), connections.nodes());
        assertEquals(List.of(), connections.silent());
        ConnectionView bobs = connections.all().get(0);
        assertEquals("node-a", bobs.node());
        assertEquals("bob", bobs.user());
        assertEquals("10.0.0.2", bobs.remoteAddress());
        assertEquals(Set.of("news", "sport"), Set.copyOf(bobs.channels()));
        assertNull(connections.all().get(1).user(), "anonymous");
        assertEquals("node-a", nodes.self());
    }

    @Test
    void aStreamIsFoundByItsIdUntilItCloses() {
        Subscriber alice = hub.stream("alice", "10.0.0.1", "news");
        assertEquals("alice", nodes.find("node-a", alice.id()).orElseThrow().user());
        assertTrue(nodes.find("node-a", alice.id() + 1000).isEmpty());
        hub.hub().close(alice, CloseReason.CLIENT_GONE);
        assertTrue(nodes.find("node-a", alice.id()).isEmpty());
        assertEquals(List.of(), nodes.local());
    }

    @Test
    void aKickClosesThatStreamWithReasonKickedAndOnlyOnce() {
        Subscriber alice = hub.stream("alice", "10.0.0.1", "news");
        Subscriber bob = hub.stream("bob", "10.0.0.2", "news");
        assertTrue(nodes.kick("node-a", alice.id()));
        Wait.until(Duration.ofSeconds(5), () -> "alice told she was kicked: " + hub.received(alice),
                () -> hub.received(alice).contains("event: close\ndata: {\"reason\":\"kicked\"}\n\n"));
        assertFalse(nodes.kick("node-a", alice.id()), "already closed");
        assertEquals(1, hub.hub().gauges().traffic().closedCount(CloseReason.KICKED));
        assertEquals(List.of(bob.id()), nodes.local().stream().map(ConnectionView::id).toList());
    }

    @Test
    void anotherNodesNameIsNotFoundWhateverTheId() {
        Subscriber alice = hub.stream("alice", "10.0.0.1", "news");
        Nodes.Unavailable find = assertThrows(Nodes.Unavailable.class, () -> nodes.find("node-b", alice.id()));
        assertEquals(404, find.status());
        assertEquals("not found", find.error());
        assertEquals("there is no node node-b (this Herald runs one node, node-a)", find.getMessage());
        assertEquals(404, assertThrows(Nodes.Unavailable.class, () -> nodes.kick("node-b", alice.id())).status());
        assertTrue(hub.hub().find(alice.id()).isPresent(), "nothing was kicked");
    }
}
