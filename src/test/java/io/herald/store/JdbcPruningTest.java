package io.herald.store;

import static io.herald.store.MessageTables.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pruning on H2 in memory, with the schema from the real {@code sql/} files: floors first, then deletes below them. */
class JdbcPruningTest {

    private MessageTables tables;
    private JdbcMessageLog log;
    private JdbcPruning pruning;

    @BeforeEach
    void freshDatabase() {
        tables = new MessageTables(InMemoryDatabase.fresh("pruning"));
        log = tables.log;
        pruning = tables.pruning;
    }

    @Test
    void pruningByAgeAndCountRaisesFloorsAndDeletesOnlyBelowThem() {
        List<Long> a = tables.appendEach("a", "1", "2", "3", "4");
        List<Long> b = tables.appendEach("b", "1");
        assertEquals(java.util.Map.of(), pruning.pruneCandidates(java.time.Instant.now().minusSeconds(3600), 0), "nothing is an hour old");
        assertEquals(java.util.Map.of("a", a.get(1)), pruning.pruneCandidates(null, 2));
        assertEquals(java.util.Map.of("a", a.get(3), "b", b.get(0)), pruning.pruneCandidates(java.time.Instant.now().plusSeconds(1), 0));
        pruning.pruneThrough("a", a.get(1));
        assertEquals(List.of(a.get(2), a.get(3)), ids(log.readAfter(Set.of("a"), 0, Long.MAX_VALUE, 10)));
        assertEquals(java.util.Map.of("a", a.get(1)), log.floors());
        assertEquals(a.get(2).longValue(), log.oldestId(Set.of("a")));
        assertEquals(Math.min(a.get(2), b.get(0)), log.oldestId(Set.of("a", "b")));
        pruning.pruneThrough("a", a.get(0));
        assertEquals(java.util.Map.of("a", a.get(1)), log.floors(), "a floor never goes down");
        assertEquals(0, log.oldestId(Set.of("none")));
    }
}
