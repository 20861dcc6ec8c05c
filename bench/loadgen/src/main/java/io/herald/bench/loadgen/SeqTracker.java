package io.herald.bench.loadgen;

import java.util.BitSet;

/**
 * Which of the sequence numbers 1..M one subscriber has received. The common case, every message
 * once and in order, costs two ints; only a subscriber that sees a gap, a duplicate or a reordering
 * gets a BitSet (M bits), which keeps 19,000 subscribers cheap.
 *
 * <p>Counting rules: a duplicate is a seq received before (it is not also counted out of order);
 * out of order is a new seq lower than the previous one received; missing is M minus the distinct
 * seqs received. Seqs outside 1..M are reported as out of range and otherwise ignored.
 */
final class SeqTracker {

    private final int expected;
    /** Fast path while bits == null: received exactly 1..last, each once. */
    private int last;
    private int distinct;
    private int duplicates;
    private int outOfOrder;
    private int outOfRange;
    private BitSet bits;

    SeqTracker(int expected) {
        this.expected = expected;
    }

    /** Records seq; returns true when it is new (not a duplicate, in range). */
    boolean record(long seq) {
        if (seq < 1 || seq > expected) {
            outOfRange++;
            return false;
        }
        int s = (int) seq;
        if (bits == null) {
            if (s == last + 1) {
                last = s;
                distinct++;
                return true;
            }
            bits = new BitSet(expected + 1);
            bits.set(1, last + 1);
        }
        if (bits.get(s)) {
            duplicates++;
            return false;
        }
        bits.set(s);
        distinct++;
        if (s < last) {
            outOfOrder++;
        }
        last = s;
        return true;
    }

    boolean complete() {
        return distinct == expected;
    }

    int distinct() {
        return distinct;
    }

    int missing() {
        return expected - distinct;
    }

    int duplicates() {
        return duplicates;
    }

    int outOfOrder() {
        return outOfOrder;
    }

    int outOfRange() {
        return outOfRange;
    }
}
