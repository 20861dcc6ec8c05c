package io.herald.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void small_values_are_exact() {
        Histogram h = new Histogram();
        for (int v = 1; v <= 100; v++) {
            h.record(v);
        }
        assertEquals(50, h.percentile(50));
        assertEquals(90, h.percentile(90));
        assertEquals(99, h.percentile(99));
        assertEquals(100, h.percentile(100));
        assertEquals(1, h.min());
        assertEquals(100, h.max());
        assertEquals(50.5, h.mean(), 1e-9);
    }

    @Test
    void percentiles_within_one_percent_over_a_wide_range() {
        Histogram h = new Histogram();
        int n = 1_000_000;
        for (int i = 1; i <= n; i++) {
            h.record(i * 1000L); // 1 µs .. 1 s in ns
        }
        for (double p : new double[] {1, 10, 50, 90, 99, 99.9}) {
            long exact = (long) Math.ceil(p / 100 * n) * 1000L;
            long got = h.percentile(p);
            assertTrue(got >= exact && got <= exact * 1.01, "p" + p + ": " + got + " vs " + exact);
        }
        assertEquals(n * 1000L, h.max());
    }

    @Test
    void bucket_bounds_are_consistent() {
        Random r = new Random(42);
        for (int k = 0; k < 100_000; k++) {
            long v = r.nextLong() >>> (1 + r.nextInt(63));
            int i = Histogram.index(v);
            assertTrue(Histogram.highestInBucket(i) >= v, "upper bound of " + v);
            assertTrue(i == 0 || Histogram.highestInBucket(i - 1) < v, "lower bound of " + v);
            assertTrue(Histogram.highestInBucket(i) - v <= v / 128, "precision at " + v);
        }
        assertEquals(Long.MAX_VALUE, Histogram.highestInBucket(Histogram.index(Long.MAX_VALUE)));
    }

    @Test
    void merge_and_json_round_trip_equal_one_histogram() {
        Histogram all = new Histogram();
        Histogram a = new Histogram();
        Histogram b = new Histogram();
        Random r = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            long v = (long) Math.exp(r.nextDouble() * 20);
            all.record(v);
            (i % 3 == 0 ? a : b).record(v);
        }
        Histogram merged = new Histogram();
        merged.merge(Histogram.fromJson(Json.parseObj(a.toJson().toString())));
        merged.merge(Histogram.fromJson(Json.parseObj(b.toJson().toString())));
        for (double p : new double[] {50, 90, 99, 100}) {
            assertEquals(all.percentile(p), merged.percentile(p));
        }
        assertEquals(all.count(), merged.count());
        assertEquals(all.max(), merged.max());
        assertEquals(all.min(), merged.min());
    }

    @Test
    void empty_reports_zero() {
        Histogram h = new Histogram();
        assertEquals(0, h.percentile(99));
        assertEquals(0, h.max());
        Histogram back = Histogram.fromJson(Json.parseObj(h.toJson().toString()));
        assertEquals(0, back.count());
    }
}
