package io.herald.bench.loadgen;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 */
final class TinySsePeer implements AutoCloseable {

    private static final Pattern DATA = Pattern.compile("\"data\":\"([^\"]*)\"");
    private static final String[] EOL = {"\n", "\r", "\r\n"};

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<byte[]> history = new ArrayList<>();
    private final List<BlockingQueue<byte[]>> subscribers = new ArrayList<>();
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
        boolean batch = false;
        if (ct != null && ct.startsWith("application/json")) {
            batch = body.startsWith("[");
            Matcher m = DATA.matcher(body);
            while (m.find()) {
                data.add(m.group(1));
            }
            if (data.isEmpty()) {
                reply(ex, 400, "no data");
                return;
            }
        } else {
            data.add(body);
        }
        StringBuilder answer = new StringBuilder("{\"messages\":[");
        synchronized (this) {
            for (String d : data) {
                int id = history.size() + 1;
                String eol = EOL[id % 3];
                byte[] frame = ("id: " + id + eol + "data: " + d + eol + eol).getBytes(StandardCharsets.UTF_8);
                history.add(frame);
                for (BlockingQueue<byte[]> q : subscribers) {
                    q.add(frame);
                }
                answer.append(id > history.size() - data.size() + 1 ? "," : "")
                        .append("{\"id\":").append(id).append(",\"data\":\"").append(d).append("\"}");
            }
        }
        reply(ex, 201, batch ? answer.append("]}").toString() : "ok");
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
