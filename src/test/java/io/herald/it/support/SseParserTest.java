package io.herald.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test-side parser follows the WHATWG examples, whatever the chunking: the other tests rely on it. */
class SseParserTest {

    private static List<SseParser.Event> parseByteByByte(String stream) {
        List<SseParser.Event> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            parser.feed(bytes, i, 1);
        }
        return events;
    }

    @Test
    void specStockExampleJoinsDataLinesWithLineFeeds() {
        assertEquals(List.of(new SseParser.Event("message", "YHOO\n+2\n10", "")),
                parseByteByByte("data: YHOO\ndata: +2\ndata: 10\n\n"));
    }

    @Test
    void specExampleWithCommentsIdsAndSpaces() {
        String stream = ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n";
        assertEquals(List.of(new SseParser.Event("message", "first event", "1"),
                new SseParser.Event("message", "second event", ""),
                new SseParser.Event("message", " third event", "")), parseByteByByte(stream));
    }

    @Test
    void specExampleEmptyDataAndAnUnfinishedEventAtTheEnd() {
        assertEquals(List.of(new SseParser.Event("message", "", ""), new SseParser.Event("message", "\n", "")),
                parseByteByByte("data\n\ndata\ndata\n\ndata:"));
    }

    @Test
    void crLfAndCrLfAllEndLinesEvenWhenSplitAcrossChunks() {
        List<SseParser.Event> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        byte[] first = "event: x\r".getBytes(StandardCharsets.UTF_8);
        byte[] second = "\ndata: a\rdata: b\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        parser.feed(first, 0, first.length);
        parser.feed(second, 0, second.length);
        assertEquals(List.of(new SseParser.Event("x", "a\nb", "")), events);
    }

    @Test
    void retryNeedsDigitsAndIdWithNulIsIgnored() {
        List<SseParser.Event> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        byte[] bytes = "retry: 12x\n\nretry: 1500\nid: 7\n\nid: 8\u0000\ndata: d\n\n".getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length);
        assertEquals(1500, parser.retry());
        assertEquals(List.of(new SseParser.Event("message", "d", "7")), events);
    }
}
