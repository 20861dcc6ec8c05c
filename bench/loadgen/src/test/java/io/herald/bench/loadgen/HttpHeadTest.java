package io.herald.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpHeadTest {

    private static final String HERALD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream;charset=UTF-8\r\n"
            + "Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n";

    @Test
    void head_split_anywhere_and_body_bytes_left_over() {
        byte[] b = (HERALD + "d\r\nretry: 3000\n\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        for (int split = 1; split < b.length; split++) {
            HttpHead h = new HttpHead();
            int used = h.feed(b, 0, split);
            int headEnd = HERALD.length();
            if (split < headEnd) {
                assertEquals(-1, used, "split " + split);
                used = h.feed(b, split, b.length - split);
                assertEquals(headEnd - split, used, "split " + split);
            } else {
                assertEquals(headEnd, used, "split " + split);
            }
            assertEquals(200, h.status());
            assertTrue(h.chunked());
            assertFalse(h.connectionClose());
        }
    }

    @Test
    void content_length_connection_close_and_lf_only() {
        HttpHead h = new HttpHead();
        byte[] b = "HTTP/1.1 201 Created\nContent-Length: 12\nConnection: close\n\n{\"id\":1}".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(b.length - 8, h.feed(b, 0, b.length));
        assertEquals(201, h.status());
        assertEquals(12, h.contentLength());
        assertTrue(h.connectionClose());
        assertFalse(h.chunked());
    }

    @Test
    void http10_closes_and_garbage_is_refused() {
        HttpHead h = new HttpHead();
        byte[] b = "HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        h.feed(b, 0, b.length);
        assertTrue(h.connectionClose());
        byte[] g = "SSH-2.0-OpenSSH\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(IllegalStateException.class, () -> new HttpHead().feed(g, 0, g.length));
    }
}
