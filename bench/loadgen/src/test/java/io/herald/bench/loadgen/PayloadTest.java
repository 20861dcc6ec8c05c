package io.herald.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadTest {

    @Test
    void exact_size_and_round_trip() {
        long now = System.nanoTime();
        byte[] p = Payload.build(123, now, 100);
        assertEquals(100, p.length);
        assertTrue(new String(p, StandardCharsets.US_ASCII).startsWith("123 " + now + " xx"));
        Payload.Parsed out = new Payload.Parsed();
        assertTrue(Payload.parse(p, p.length, out));
        assertEquals(123, out.seq);
        assertEquals(now, out.sendNanos);
    }

    @Test
    void negative_times_and_foreign_data() {
        Payload.Parsed out = new Payload.Parsed();
        byte[] neg = "7 -42 xxx".getBytes(StandardCharsets.US_ASCII);
        assertTrue(Payload.parse(neg, neg.length, out));
        assertEquals(-42, out.sendNanos);
        for (String s : new String[] {"", "{\"reason\":\"shutdown\"}", "12", "12 ", "12 x", "1 2x"}) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            assertFalse(Payload.parse(b, b.length, out), s);
        }
    }
}
