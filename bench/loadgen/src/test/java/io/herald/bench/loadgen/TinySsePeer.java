package io.herald.bench.loadgen;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny SSE hub for tests, on the JDK's own HTTP server: POST /publish (raw body) or
 * /api/messages (Herald's JSON; an array is a batch, answered like Herald with
 * {@code {"messages":[{"id":..},...]}}) stores messages and fans them out; GET /events streams them
 * (chunked, as the JDK server does for unknown lengths) and honours Last-Event-ID. Its frames
 * rotate LF, CR and CRLF line ends so the generator's parser meets all three.
 *
 * <p>Idempotency keys are checked as Herald takes them, the {@code Idempotency-Key} header of a
 * single JSON message or the {@code "idempotencyKey"} field of a batch's elements: a header on a
 * batch or a malformed key is a 400, a key seen before a 422. It counts JSON messages with and
 * without a key and the keys repeated, for tests to assert on.
 */
final class TinySsePeer implements AutoCloseable {

    private static final Pattern DATA = Pattern.compile("\"data\":\"([^\"]*)\"");
    /** One JSON object of a message (the generator's never nest). */
    private static final Pattern OBJECT = Pattern.compile("\\{[^{}]*\\}");
    private static final Pattern KEY_FIELD = Pattern.compile("\"idempotencyKey\":\"([^\"]*)\"");
    private static final Pattern VALID_KEY = Pattern.compile("[\\x20-\\x7e]{1,200}");
    private static final String[] EOL = {"\n", "\r", "\r\n"};

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<byte[]> history = new ArrayList<>();
    private final List<BlockingQueue<byte[]>> subscribers = new ArrayList<>();
    private final Set<String> keys = new HashSet<>();
    private int keyedMessages;
    private int unkeyedMessages;
    private int repeatedKeys;
    private volatile boolean stopped;

    TinySsePeer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
        server.setExecutor(pool);
        server.createContext("/publish", this::publish);
        server.createContext("/api/messages", this::publish);
        server.createContext("/events", this::events);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void publish(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        List<String> data = new ArrayList<>();
        List<String> messageKeys = new ArrayList<>();
        boolean json = ct != null && ct.startsWith("application/json");
        boolean batch = false;
        if (json) {
            batch = body.startsWith("[");
            String header = ex.getRequestHeaders().getFirst("Idempotency-Key");
            if (batch && header != null) {
                reply(ex, 400, "the Idempotency-Key header names one message; a batch has a key per message");
                return;
            }
            Matcher o = OBJECT.matcher(body);
            while (o.find()) {
                Matcher m = DATA.matcher(o.group());
                if (!m.find()) {
                    reply(ex, 400, "no data");
                    return;
                }
                data.add(m.group(1));
                Matcher k = KEY_FIELD.matcher(o.group());
                String key = k.find() ? k.group(1) : header;
                if (key != null && (!VALID_KEY.matcher(key).matches() || (header != null && !header.equals(key)))) {
                    reply(ex, 400, "bad idempotency key");
                    return;
                }
                messageKeys.add(key);
            }
            if (data.isEmpty()) {
                reply(ex, 400, "no data");
                return;
            }
        } else {
            data.add(body);
        }
        StringBuilder answer = new StringBuilder("{\"messages\":[");
        boolean reused = false;
        synchronized (this) {
            Set<String> fresh = new HashSet<>();
            for (String key : messageKeys) {
                if (key == null) {
                    unkeyedMessages++;
                } else {
                    keyedMessages++;
                    if (keys.contains(key) || !fresh.add(key)) {
                        repeatedKeys++;
                        reused = true;
                    }
                }
            }
            // All or nothing, like Herald: a batch with one reused key stores none of its messages.
            if (!reused) {
                keys.addAll(fresh);
                store(data, answer);
            }
        }
        if (reused) {
            reply(ex, 422, "idempotency key reused");
            return;
        }
        reply(ex, 201, batch ? answer.append("]}").toString() : "ok");
    }

    /** Stores and fans out the messages, appending each to the batch answer. Holds the lock. */
    private void store(List<String> data, StringBuilder answer) {
        for (int i = 0; i < data.size(); i++) {
            String d = data.get(i);
            int id = history.size() + 1;
            String eol = EOL[id % 3];
            byte[] frame = ("id: " + id + eol + "data: " + d + eol + eol).getBytes(StandardCharsets.UTF_8);
            history.add(frame);
            for (BlockingQueue<byte[]> q : subscribers) {
                q.add(frame);
            }
            answer.append(i > 0 ? "," : "")
                    .append("{\"id\":").append(id).append(",\"data\":\"").append(d).append("\"}");
        }
    }

    /** JSON messages that arrived with an idempotency key (header or field), refused or not. */
    synchronized int keyedMessages() {
        return keyedMessages;
    }

    /** JSON messages that arrived without one. */
    synchronized int unkeyedMessages() {
        return unkeyedMessages;
    }

    /** Keys that arrived again, in the same batch or after an earlier request. */
    synchronized int repeatedKeys() {
        return repeatedKeys;
    }

    /** Distinct keys of the messages stored. */
    synchronized int distinctKeys() {
        return keys.size();
    }

    private static void reply(HttpExchange ex, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    private void events(HttpExchange ex) throws IOException {
        BlockingQueue<byte[]> q = new LinkedBlockingQueue<>();
        String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
        synchronized (this) {
            if (last != null && last.matches("\\d{1,9}")) {
                for (int i = Integer.parseInt(last); i < history.size(); i++) {
                    q.add(history.get(i));
                }
            }
            subscribers.add(q);
        }
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream os = ex.getResponseBody();
        try {
            os.write(":hello\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            os.flush();
            while (!stopped) {
                byte[] f = q.poll(100, TimeUnit.MILLISECONDS);
                if (f != null) {
                    os.write(f);
                    os.flush();
                }
            }
        } catch (IOException | InterruptedException e) {
            // subscriber gone
        } finally {
            synchronized (this) {
                subscribers.remove(q);
            }
            ex.close();
        }
    }

    @Override
    public void close() {
        stopped = true;
        server.stop(0);
        pool.shutdownNow();
    }
}
