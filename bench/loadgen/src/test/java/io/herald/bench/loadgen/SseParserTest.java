package io.herald.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    /** type|data|lastId per dispatched event, for exact comparisons. */
    private static List<String> parse(String stream, int... splits) {
        List<String> events = new ArrayList<>();
        SseParser p = new SseParser((type, tl, data, dl, id, il) -> events.add(
                new String(type, 0, tl, StandardCharsets.UTF_8) + "|"
                        + new String(data, 0, dl, StandardCharsets.UTF_8) + "|"
                        + new String(id, 0, il, StandardCharsets.UTF_8)));
        byte[] b = stream.getBytes(StandardCharsets.UTF_8);
        int prev = 0;
        for (int s : splits) {
            p.feed(b, prev, s - prev);
            prev = s;
        }
        p.feed(b, prev, b.length - prev);
        return events;
    }

    /** Parses the stream whole, then split at every single position and at every pair: same events. */
    private static void assertAllSplits(String stream, List<String> expected) {
        assertEquals(expected, parse(stream), "whole");
        int n = stream.getBytes(StandardCharsets.UTF_8).length;
        for (int i = 0; i <= n; i++) {
            assertEquals(expected, parse(stream, i), "split at " + i);
            for (int j = i; j <= n; j++) {
                assertEquals(expected, parse(stream, i, j), "split at " + i + "," + j);
            }
        }
        // one byte at a time
        int[] every = new int[n];
        for (int i = 0; i < n; i++) {
            every[i] = i;
        }
        assertEquals(expected, parse(stream, every), "byte by byte");
    }

    @Test
    void herald_frames_with_retry_comment_and_close_event() {
        String s = "retry: 3000\n\nevent: created\ndata: {\"order\":17}\nid: 41\n\n"
                + "data: first line\ndata: second line\nid: 42\n\n:\n\nevent: close\ndata: {\"reason\":\"shutdown\"}\n\n";
        assertAllSplits(s, List.of(
                "created|{\"order\":17}|41",
                "message|first line\nsecond line|42",
                "close|{\"reason\":\"shutdown\"}|42"));
    }

    @Test
    void crlf_cr_and_lf_line_ends_mixed() {
        String s = "data: a\r\nid: 1\r\n\r\ndata: b\rid: 2\r\rdata: c\nid: 3\n\ndata: d\r\ndata: e\rdata: f\n\r\n";
        assertAllSplits(s, List.of("message|a|1", "message|b|2", "message|c|3", "message|d\ne\nf|3"));
    }

    @Test
    void cr_at_end_of_one_read_and_lf_at_start_of_next_is_one_line_end() {
        String s = "data: x\r\n\r\n";
        // split right after each CR
        assertEquals(List.of("message|x|"), parse(s, 8));
        assertEquals(List.of("message|x|"), parse(s, 10));
        assertEquals(List.of("message|x|"), parse(s, 8, 10));
    }

    @Test
    void spec_examples() {
        // WHATWG: "data: YHOO\ndata: +2\ndata: 10\n\n" is one event with three lines.
        assertAllSplits("data: YHOO\ndata: +2\ndata: 10\n\n", List.of("message|YHOO\n+2\n10|"));
        // The spec's four-block example: a comment only, then two events, then an id-only block.
        String s = ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n";
        assertAllSplits(s, List.of("message|first event|1", "message|second event|"));
        // "data" alone and "data:" are empty data lines: two events, the first empty, the second "\n".
        assertAllSplits("data\n\ndata\ndata\n\ndata:", List.of("message||", "message|\n|"));
        // Only one leading space is stripped.
        assertAllSplits("data:test\n\ndata: test\n\ndata:  test\n\n",
                List.of("message|test|", "message|test|", "message| test|"));
    }

    @Test
    void blocks_without_data_do_not_dispatch_and_event_type_resets() {
        assertAllSplits("event: a\n\ndata: x\n\nevent: b\nid: 7\n\ndata: y\n\n",
                List.of("message|x|", "message|y|7"));
    }

    @Test
    void id_with_nul_is_ignored_and_unknown_fields_are_ignored() {
        assertAllSplits("id: 5\ndata: a\n\nid: 6\u0000\nfoo: bar\ndata: b\n\n", List.of("message|a|5", "message|b|5"));
    }

    @Test
    void empty_id_resets_last_event_id() {
        assertAllSplits("id: 5\ndata: a\n\nid\ndata: b\n\n", List.of("message|a|5", "message|b|"));
    }

    @Test
    void incomplete_event_at_end_is_not_dispatched() {
        assertEquals(List.of(), parse("data: never finished\n"));
    }

    @Test
    void bom_is_stripped_and_utf8_passes_through() {
        assertEquals(List.of("message|héllo ✓|"), parse("\uFEFFdata: héllo ✓\n\n"));
    }

    @Test
    void retry_sets_reconnection_time_only_when_digits() {
        SseParser p = new SseParser((t, tl, d, dl, i, il) -> { });
        byte[] b = "retry: 3000\nretry: 12a\n".getBytes(StandardCharsets.US_ASCII);
        p.feed(b, 0, b.length);
        assertEquals(3000, p.retryMillis());
    }

    @Test
    void long_lines_across_many_reads() {
        String big = "x".repeat(100_000);
        String s = "data: " + big + "\n\n";
        assertEquals(List.of("message|" + big + "|"), parse(s, 3, 4000, 50_000, 99_999));
    }
}
