package io.herald.store;

import static io.herald.store.MessageTables.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The in-memory log the hub tests run on answers as the database does for what the hub asks. */
class InMemoryMessageLogTest {

    private final InMemoryMessageLog log = new InMemoryMessageLog();

    private List<Long> appendEach(String channel, String... data) {
        List<Long> ids = new ArrayList<>();
        for (String d : data) {
            ids.add(log.append(List.of(new NewMessage(channel, null, d))).get(0).id());
        }
        return ids;
    }

    @Test
    void readAfterExcludesTheAfterIdIncludesTheUpToIdAndKeepsToItsChannels() {
        List<Long> a = appendEach("a", "1", "2", "3", "4", "5");
        appendEach("b", "x");

        assertEquals(a.subList(1, 4), ids(log.readAfter(Set.of("a"), a.get(0), a.get(3), 100)));
        assertEquals(a.subList(0, 2), ids(log.readAfter(Set.of("a"), 0, log.lastId(), 2)));
        assertEquals(6, log.readAfter(Set.of(), 0, log.lastId(), 100).size());
        assertEquals(List.of(), log.readAfter(Set.of("a"), a.get(3), a.get(1), 100));
        assertEquals(List.of(), log.readAfter(Set.of("a"), 0, log.lastId(), 0));
    }

    @Test
    void aPageStopsBeforeItsMessagesPassTheBytesAskedForButAlwaysHoldsOne() {
        List<Long> ids = appendEach("a", "x".repeat(1000), "é".repeat(500), "x".repeat(1000), "x".repeat(5000), "x");
        long last = log.lastId();

        MessageLog.Page two = log.readPage(Set.of("a"), 0, last, 100, 2500);
        assertEquals(ids.subList(0, 2), ids(two.messages()));
        assertTrue(two.more());
        MessageLog.Page oversized = log.readPage(Set.of("a"), ids.get(2), last, 100, 10);
        assertEquals(ids.subList(3, 4), ids(oversized.messages()));
        assertTrue(oversized.more());
        MessageLog.Page rest = log.readPage(Set.of("a"), ids.get(3), last, 100, 2500);
        assertEquals(ids.subList(4, 5), ids(rest.messages()));
        assertFalse(rest.more());
        MessageLog.Page byRows = log.readPage(Set.of("a"), 0, last, 2, Long.MAX_VALUE);
        assertEquals(ids.subList(0, 2), ids(byRows.messages()));
        assertTrue(byRows.more());
    }

    @Test
    void continueAfterMovesIdsPastTheGivenIdAndNeverBack() {
        log.append(List.of(new NewMessage("a", null, "one")));
        log.continueAfter(100);
        assertEquals(101, log.append(List.of(new NewMessage("a", null, "two"))).get(0).id());
        log.continueAfter(50);
        assertEquals(102, log.append(List.of(new NewMessage("a", null, "three"))).get(0).id());
        assertEquals(102, log.lastId());
        assertEquals(1, log.oldestId(Set.of("a")));
    }
}
