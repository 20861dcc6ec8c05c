package io.herald.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplyMessagesTest {

    private static int count(String body, int pieces) {
        ReplyMessages r = new ReplyMessages();
        r.reset();
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        int step = Math.max(1, b.length / pieces);
        for (int off = 0; off < b.length; off += step) {
            r.onBody(b, off, Math.min(step, b.length - off));
        }
        return r.count();
    }

    @Test
    void a_single_object_or_any_other_body_is_one_message() {
        assertEquals(1, count("{\"id\":41,\"channel\":\"orders\",\"event\":null,\"data\":\"messages\",\"createdAt\":\"x\"}", 1));
        assertEquals(1, count("ok", 1));
        assertEquals(1, count("", 1));
    }

    @Test
    void a_batch_reply_counts_the_entries_of_messages_across_reads() {
        String batch = "{\"messages\":[{\"id\":42,\"channel\":\"orders\",\"data\":\"{\\\"order\\\":[17,{\\\"a\\\":1}]}\"},\n"
                + "  {\"id\":43,\"channel\":\"stock\",\"event\":null,\"data\":\"item 4 low\",\"replayed\":true},"
                + "{\"id\":44,\"data\":{\"nested\":[{}]}}]}";
        for (int pieces : new int[] {1, 3, 7, batch.length()}) {
            assertEquals(3, count(batch, pieces), "in " + pieces + " pieces");
        }
        assertEquals(0, count("{\"messages\":[]}", 1));
        // Only the top-level key counts, and only as a key.
        assertEquals(1, count("{\"x\":{\"messages\":[{},{}]},\"data\":\"messages\",\"y\":[{}]}", 1));
        assertEquals(2, count("{\"note\":\"messages\",\"messages\" : [ {} , {\"messages\":[{}]} ]}", 1));
    }

    @Test
    void reset_forgets_the_previous_reply() {
        ReplyMessages r = new ReplyMessages();
        r.reset();
        byte[] b = "{\"messages\":[{},{}]}".getBytes(StandardCharsets.US_ASCII);
        r.onBody(b, 0, b.length);
        assertEquals(2, r.count());
        r.reset();
        assertEquals(1, r.count());
    }
}
