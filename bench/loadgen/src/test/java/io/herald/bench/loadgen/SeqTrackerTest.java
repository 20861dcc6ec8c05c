package io.herald.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeqTrackerTest {

    @Test
    void in_order_is_complete() {
        SeqTracker t = new SeqTracker(5);
        for (int s = 1; s <= 5; s++) {
            assertTrue(t.record(s));
        }
        assertTrue(t.complete());
        assertEquals(0, t.missing());
        assertEquals(0, t.duplicates());
        assertEquals(0, t.outOfOrder());
    }

    @Test
    void gap_duplicate_reorder_and_out_of_range() {
        SeqTracker t = new SeqTracker(6);
        t.record(1);
        t.record(2);
        t.record(4);       // gap: 3 not yet
        t.record(3);       // lower than previous: out of order
        assertFalse(t.record(2)); // duplicate, not also out of order
        t.record(6);
        t.record(99);      // out of range
        assertEquals(5, t.distinct());
        assertEquals(1, t.missing()); // 5 never came
        assertEquals(1, t.duplicates());
        assertEquals(1, t.outOfOrder());
        assertEquals(1, t.outOfRange());
        assertFalse(t.complete());
    }

    @Test
    void duplicate_on_fast_path() {
        SeqTracker t = new SeqTracker(3);
        t.record(1);
        t.record(1);
        t.record(2);
        t.record(3);
        assertTrue(t.complete());
        assertEquals(1, t.duplicates());
        assertEquals(0, t.outOfOrder());
    }
}
