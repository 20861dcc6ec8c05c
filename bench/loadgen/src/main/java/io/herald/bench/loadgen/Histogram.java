package io.herald.bench.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * Log-linear histogram of non-negative long values (nanoseconds here), in the spirit of
 * HdrHistogram but JDK only: values below 128 have their own bucket, above that every power of two
 * is split into 128 equal buckets, so a reported percentile is never more than 1/128 (0.8%) above
 * the true value. Recording is a few shifts and an array increment, cheap enough to do once per
 * delivery. Not thread safe: each selector thread owns one and they are merged at the end, also
 * across processes through {@link #toJson}/{@link #fromJson}.
 */
final class Histogram {

    private static final int SUB_BITS = 7;
    private static final int SUB = 1 << SUB_BITS;
    /** Indexes for every long up to 2^63-1: 128 exact + 56 more powers of two × 128. */
    private static final int BUCKETS = (64 - SUB_BITS) * SUB;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private double sum;

    void record(long value) {
        if (value < 0) {
            value = 0; // clock noise across processes can make a tiny latency negative
        }
        counts[index(value)]++;
        count++;
        sum += value;
        if (value < min) {
            min = value;
        }
        if (value > max) {
            max = value;
        }
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int msb = 63 - Long.numberOfLeadingZeros(v);
        int shift = msb - SUB_BITS;
        return (shift + 1) * SUB + (int) ((v >>> shift) - SUB);
    }

    /** The largest value that falls into bucket {@code i}. */
    static long highestInBucket(int i) {
        if (i < SUB) {
            return i;
        }
        int shift = i / SUB - 1;
        long sub = (i % SUB) + SUB;
        return ((sub + 1) << shift) - 1;
    }

    void merge(Histogram o) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += o.counts[i];
        }
        count += o.count;
        sum += o.sum;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
    }

    long count() {
        return count;
    }

    /** Exact maximum, or 0 when empty. */
    long max() {
        return count == 0 ? 0 : max;
    }

    long min() {
        return count == 0 ? 0 : min;
    }

    double mean() {
        return count == 0 ? 0 : sum / count;
    }

    /**
     * The value at percentile {@code p} (0-100]: the smallest bucket bound with at least p% of the
     * values at or below it, capped by the exact maximum. 0 when empty.
     */
    long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p / 100.0 * count);
        rank = Math.max(1, Math.min(count, rank));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestInBucket(i), max);
            }
        }
        return max;
    }

    /** Sparse form for the child-to-coordinator report: only non-empty buckets. */
    Json.Obj toJson() {
        List<Object> pairs = new ArrayList<>();
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] != 0) {
                pairs.add((long) i);
                pairs.add(counts[i]);
            }
        }
        return new Json.Obj()
                .put("count", count)
                .put("min", min())
                .put("max", max())
                .put("sum", sum)
                .put("buckets", pairs);
    }

    static Histogram fromJson(Json.Obj o) {
        Histogram h = new Histogram();
        List<Object> pairs = o.list("buckets");
        for (int k = 0; k + 1 < pairs.size(); k += 2) {
            h.counts[((Number) pairs.get(k)).intValue()] += ((Number) pairs.get(k + 1)).longValue();
        }
        h.count = o.num("count").longValue();
        h.sum = o.num("sum").doubleValue();
        if (h.count > 0) {
            h.min = o.num("min").longValue();
            h.max = o.num("max").longValue();
        }
        return h;
    }
}
