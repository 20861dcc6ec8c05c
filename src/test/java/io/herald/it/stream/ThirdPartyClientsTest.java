package io.herald.it.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.background.BackgroundEventHandler;
import com.launchdarkly.eventsource.background.BackgroundEventSource;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.StandaloneProcess;
import io.herald.testing.Wait;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.sse.SseEventSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

/**
 * The SSE clients customers use, each configured as docs/client.md shows, against Herald in a JVM
 * of its own that is killed with SIGKILL and started again on the same port: LaunchDarkly's
 * okhttp-eventsource, Jersey's SseEventSource, Spring's WebClient with a resume loop, and npm's
 * eventsource in Node. Each starts after the lastId the channel API gave (so nothing published
 * before it connects is missed) and must end with every acknowledged message exactly once, in
 * id order, across the crash.
 */
class ThirdPartyClientsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CHANNEL = "compat";
    private static final String AUTH = HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Clients that follow retry: come back after 0.5 s instead of 3 s (the test waits less). */
    private static final List<String> FAST_RETRY = List.of("-Dherald.stream.retry-ms=500");

    @TempDir
    Path data;

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable r : running) {
            r.close();
        }
    }

    @Test
    void everyClientReceivesEveryAcknowledgedMessageOnceInOrderAcrossAKillAndRestart() throws Exception {
        StandaloneProcess first = new StandaloneProcess(List.of(), FAST_RETRY, data, "500", 0);
        running.add(first);
        int port = first.port();
        String base = "http://127.0.0.1:" + port;
        List<Long> acked = new ArrayList<>();
        acked.addAll(publish(base, "before", 3)); // before the lastId: no client may get these
        long lastId = JsonParser.parseString(get(base + "/api/channels/" + CHANNEL)).getAsJsonObject().get("lastId").getAsLong();
        assertEquals(acked.get(2), lastId);
        acked.clear();
        acked.addAll(publish(base, "between lastId and connect", 2));

        Map<String, List<Long>> received = new TreeMap<>();
        received.put("okhttp-eventsource", okHttpEventSource(base, lastId));
        received.put("jersey", jersey(base, lastId));
        received.put("spring-webclient", springWebClient(base, lastId));
        received.put("node-eventsource", nodeEventSource(base, lastId));

        acked.addAll(publish(base, "live", 10));
        awaitAll(received, acked, "before the kill");

        first.kill();
        StandaloneProcess second = new StandaloneProcess(List.of(), FAST_RETRY, data, "500", port);
        running.add(second);
        acked.addAll(publish(base, "after the restart", 10)); // most clients are still reconnecting
        awaitAll(received, acked, "after the restart");
        for (Map.Entry<String, List<Long>> client : received.entrySet()) {
            assertEquals(acked, List.copyOf(client.getValue()), client.getKey() + ": every message once, in order");
        }
    }

    private static void awaitAll(Map<String, List<Long>> received, List<Long> acked, String when) {
        Wait.until(WAIT, () -> when + ": expected " + acked + ", got " + received,
                () -> received.values().stream().allMatch(ids -> ids.size() >= acked.size()));
    }

    /** LaunchDarkly's client: a read timeout above Herald's heartbeat, the start id, retry for ever. */
    private List<Long> okHttpEventSource(String base, long lastId) {
        List<Long> ids = new CopyOnWriteArrayList<>();
        BackgroundEventHandler handler = new BackgroundEventHandler() {
            @Override
            public void onOpen() {
            }

            @Override
            public void onClosed() {
            }

            @Override
            public void onMessage(String event, MessageEvent message) {
                ids.add(Long.parseLong(message.getLastEventId()));
            }

            @Override
            public void onComment(String comment) {
            }

            @Override
            public void onError(Throwable t) {
            }
        };
        BackgroundEventSource source = new BackgroundEventSource.Builder(handler,
                new EventSource.Builder(ConnectStrategy.http(URI.create(base + "/events?channel=" + CHANNEL))
                        .readTimeout(60, TimeUnit.SECONDS))
                        .lastEventId(Long.toString(lastId))
                        .retryDelay(500, TimeUnit.MILLISECONDS)
                        .errorStrategy(ErrorStrategy.alwaysContinue()))
                .build();
        source.start();
        running.add(source);
        return ids;
    }

    /**
     * Jersey's SseEventSource: the start id in the URL; it reconnects with Last-Event-ID by itself
     * after a lost connection or a 503, but gives up for good when a reconnect is refused (Herald
     * still down, a proxy's 502), so it is opened again from the last id whenever it does.
     */
    private List<Long> jersey(String base, long lastId) {
        SupervisedJersey jersey = new SupervisedJersey(base + "/events?channel=" + CHANNEL, Long.toString(lastId));
        running.add(jersey);
        return jersey.ids;
    }

    /** Jersey's SseEventSource, opened again (after 1 s) from the last id whenever it gives up. */
    private static final class SupervisedJersey implements AutoCloseable {

        final List<Long> ids = new CopyOnWriteArrayList<>();
        private final Client client = ClientBuilder.newClient();
        private final ScheduledExecutorService again = Executors.newSingleThreadScheduledExecutor();
        private final String url;
        private final AtomicReference<String> last;
        private volatile boolean stopped;
        private volatile SseEventSource source;

        SupervisedJersey(String url, String lastId) {
            this.url = url;
            this.last = new AtomicReference<>(lastId);
            open();
        }

        private void open() {
            if (stopped) {
                return;
            }
            SseEventSource s = SseEventSource.target(client.target(url + "&lastEventId=" + last.get()))
                    .reconnectingEvery(500, TimeUnit.MILLISECONDS).build();
            s.register(event -> {
                if (event.getId() != null) {
                    last.set(event.getId());
                    ids.add(Long.parseLong(event.getId()));
                }
            }, error -> { }, () -> {
                if (!stopped) {
                    again.schedule(this::open, 1, TimeUnit.SECONDS); // it gave up: open it again
                }
            });
            source = s;
            s.open();
        }

        @Override
        public void close() {
            stopped = true;
            again.shutdownNow();
            source.close();
            client.close();
        }
    }

    /** Spring's WebClient never reconnects by itself: a loop that resumes from the last id it saw. */
    private List<Long> springWebClient(String base, long lastId) {
        List<Long> ids = new CopyOnWriteArrayList<>();
        AtomicReference<String> last = new AtomicReference<>(Long.toString(lastId));
        // The JDK's HTTP client underneath (Reactor Netty, Spring Boot's default, reads the stream the same way).
        WebClient web = WebClient.builder().clientConnector(new JdkClientHttpConnector()).baseUrl(base).build();
        ParameterizedTypeReference<ServerSentEvent<String>> type = new ParameterizedTypeReference<>() { };
        Disposable subscription = Flux.defer(() -> web.get().uri("/events?channel=" + CHANNEL)
                        .header("Last-Event-ID", last.get())
                        .exchangeToFlux(r -> r.statusCode().value() == 200 ? r.bodyToFlux(type)
                                : r.statusCode().is5xxServerError() ? Flux.error(new IOException("Herald answered " + r.statusCode()))
                                : Flux.error(new Refused(r.statusCode().value())))) // 204 banned, 401, 403: stop
                .repeatWhen(ended -> ended.delayElements(Duration.ofSeconds(1))) // the stream ended: resume
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(30))
                        .filter(e -> !(e instanceof Refused)))
                .subscribe(event -> {
                    if (event.id() != null && event.data() != null) {
                        last.set(event.id());
                        ids.add(Long.parseLong(event.id()));
                    }
                });
        running.add(subscription::dispose);
        return ids;
    }

    /** A status that means "stop": resuming cannot help. */
    private static final class Refused extends RuntimeException {
        Refused(int status) {
            super("Herald answered " + status);
        }
    }

    /** npm's eventsource in Node, from its WebJar; the start id in the URL. */
    private List<Long> nodeEventSource(String base, long lastId) throws IOException {
        Path dir = Files.createDirectories(data.resolve("node"));
        Path library = copy("/META-INF/resources/webjars/eventsource/2.0.2/lib/eventsource.js", dir.resolve("eventsource.js"));
        Path script = copy("/clients/node-eventsource.js", dir.resolve("client.js"));
        Process node = new ProcessBuilder("node", script.toString(), library.toString(),
                base + "/events?channel=" + CHANNEL + "&lastEventId=" + lastId).redirectErrorStream(true).start();
        running.add(() -> {
            node.destroyForcibly();
            node.waitFor(10, TimeUnit.SECONDS);
        });
        List<Long> ids = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("MESSAGE ")) {
                        ids.add(Long.parseLong(line.split(" ")[1]));
                    }
                }
            } catch (IOException ended) {
                // node was stopped
            }
        }, "node-eventsource-output");
        reader.setDaemon(true);
        reader.start();
        return ids;
    }

    private static Path copy(String resource, Path to) throws IOException {
        try (InputStream in = ThirdPartyClientsTest.class.getResourceAsStream(resource)) {
            assertTrue(in != null, "on the test classpath: " + resource);
            Files.copy(in, to);
        }
        return to;
    }

    /** Publishes {@code count} messages, each retried until Herald answers (it may be starting); their ids. */
    private static List<Long> publish(String base, String what, int count) {
        List<Long> ids = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            AtomicReference<HttpResponse<String>> stored = new AtomicReference<>();
            Wait.until(WAIT, "a 201 for " + what, () -> {
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/messages"))
                            .header("Authorization", AUTH).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"" + CHANNEL + "\",\"data\":\"" + what + "\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 201) {
                        stored.set(r);
                    }
                } catch (IOException refused) {
                    // not serving yet: nothing was stored
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return stored.get() != null;
            });
            ids.add(JsonParser.parseString(stored.get().body()).getAsJsonObject().get("id").getAsLong());
        }
        return ids;
    }

    private static String get(String uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
