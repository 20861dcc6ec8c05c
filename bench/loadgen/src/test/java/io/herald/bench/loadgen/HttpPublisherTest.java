package io.herald.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Request bodies and heads, with and without idempotency keys, byte for byte. */
class HttpPublisherTest {

    private static final InetSocketAddress ANY_LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final LoopbackUrl URL = LoopbackUrl.parse("http://127.0.0.1:1/api/messages");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)\r\n");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void without_keys_bodies_are_the_plain_herald_format() {
        HttpPublisher pub = new HttpPublisher(URL, Options.Format.HERALD, "c", ANY_LOCAL, 1000);
        assertEquals("{\"channel\":\"c\",\"data\":\"1 5 x\"}", text(pub.body(ascii("1 5 x"))));
        assertEquals("[{\"channel\":\"c\",\"data\":\"7 5 x\"},{\"channel\":\"c\",\"data\":\"8 5 x\"}]",
                text(pub.body(new byte[][] {ascii("7 5 x"), ascii("8 5 x")}, 7)));
        assertNull(pub.key(7));
    }

    @Test
    void with_keys_each_batch_element_carries_its_own_and_a_single_body_is_unchanged() {
        HttpPublisher pub = new HttpPublisher(URL, Options.Format.HERALD, "c", ANY_LOCAL, 1000, "r1-3-");
        assertEquals("{\"channel\":\"c\",\"data\":\"1 5 x\"}", text(pub.body(ascii("1 5 x"))));
        assertEquals("[{\"channel\":\"c\",\"data\":\"7 5 x\",\"idempotencyKey\":\"r1-3-7\"},"
                        + "{\"channel\":\"c\",\"data\":\"8 5 x\",\"idempotencyKey\":\"r1-3-8\"}]",
                text(pub.body(new byte[][] {ascii("7 5 x"), ascii("8 5 x")}, 7)));
        assertEquals("r1-3-7", pub.key(7));
    }

    @Test
    void keys_need_the_herald_format_and_a_plain_prefix() {
        assertThrows(IllegalArgumentException.class,
                () -> new HttpPublisher(URL, Options.Format.RAW, "c", ANY_LOCAL, 1000, "r-0-"));
        for (String bad : new String[] {"", "a b-", "a\"-", "a\\-", "x".repeat(181)}) {
            assertThrows(IllegalArgumentException.class,
                    () -> new HttpPublisher(URL, Options.Format.HERALD, "c", ANY_LOCAL, 1000, bad), bad);
        }
    }

    @Test
    void run_ids_are_16_random_hex_digits() {
        String a = Publishing.runId();
        String b = Publishing.runId();
        assertTrue(a.matches("[0-9a-f]{16}"), a);
        assertNotEquals(a, b);
    }

    @Test
    void the_key_header_is_sent_for_a_single_message_only_with_keys() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            BlockingQueue<String> heads = new LinkedBlockingQueue<>();
            Thread t = new Thread(() -> serve(server, heads), "request-recorder");
            t.setDaemon(true);
            t.start();
            LoopbackUrl url = LoopbackUrl.parse("http://127.0.0.1:" + server.getLocalPort() + "/api/messages");
            String plain = "POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1:" + server.getLocalPort() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 3\r\n";
            try (HttpPublisher pub = new HttpPublisher(url, Options.Format.HERALD, "c", ANY_LOCAL, 5000)) {
                assertEquals(201, pub.post(ascii("{1}"), 42));
                assertEquals(plain + "\r\n", heads.poll(10, TimeUnit.SECONDS));
            }
            try (HttpPublisher pub = new HttpPublisher(url, Options.Format.HERALD, "c", ANY_LOCAL, 5000, "r1-0-")) {
                assertEquals(201, pub.post(ascii("{1}"), 42));
                assertEquals(plain + "Idempotency-Key: r1-0-42\r\n\r\n", heads.poll(10, TimeUnit.SECONDS));
                assertEquals(201, pub.post(ascii("{2}"), 1234567890123L));
                assertEquals(plain + "Idempotency-Key: r1-0-1234567890123\r\n\r\n", heads.poll(10, TimeUnit.SECONDS));
                // A batch (seq -1) carries its keys in the body: no header, the cached head as is.
                assertEquals(201, pub.post(ascii("[1]"), -1));
                assertEquals(plain + "\r\n", heads.poll(10, TimeUnit.SECONDS));
            }
        }
    }

    /** Answers every request 201 and queues its head, one connection after the other. */
    private static void serve(ServerSocket server, BlockingQueue<String> heads) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                String head;
                while ((head = readHead(in)) != null) {
                    Matcher m = CONTENT_LENGTH.matcher(head);
                    if (!m.find()) {
                        throw new IOException("no Content-Length in " + head);
                    }
                    in.readNBytes(Integer.parseInt(m.group(1)));
                    heads.add(head);
                    out.write(ascii("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"));
                    out.flush();
                }
            } catch (IOException e) {
                return; // the server socket closed at the end of the test
            }
        }
    }

    /** The head up to and including its blank line, or null at the end of the connection. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            String s = b.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
        return null;
    }
}
