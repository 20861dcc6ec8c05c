package io.herald.it.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.herald.it.support.HeraldServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stream over HTTP/2 without TLS (h2c), read by java.net.http.HttpClient: no HTTP/1.1-only
 * header (Connection, Transfer-Encoding, Keep-Alive) may appear, and frames arrive as on HTTP/1.1.
 * Several streams share one connection, which lifts the browsers' six-per-origin limit.
 */
class Http2Test {

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of()).h2c();

    @Test
    void theStreamWorksOverH2c() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5)).build();
        // The first request upgrades the connection (h2c); later ones use HTTP/2 directly.
        HttpResponse<String> first = h2.send(HttpRequest.newBuilder(herald.uri("/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, first.version());
        List<HttpResponse<InputStream>> streams = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            streams.add(h2.send(HttpRequest.newBuilder(herald.uri("/events?channel=h2")).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        }
        for (HttpResponse<InputStream> s : streams) {
            assertEquals(200, s.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, s.version());
            for (String forbidden : new String[] {"connection", "transfer-encoding", "keep-alive", "upgrade"}) {
                assertFalse(s.headers().firstValue(forbidden).isPresent(), forbidden + " on an HTTP/2 response");
            }
        }
        long id = herald.publish("h2", "note", "over http/2");
        for (HttpResponse<InputStream> s : streams) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(s.body(), StandardCharsets.UTF_8));
            CompletableFuture<List<String>> frame = CompletableFuture.supplyAsync(() -> {
                List<String> lines = new ArrayList<>();
                try {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (line.startsWith("event:") || line.startsWith("data:") || line.startsWith("id:")) {
                            lines.add(line);
                        }
                        if (line.startsWith("id:")) {
                            return lines;
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return lines;
            });
            assertEquals(List.of("event: note", "data: over http/2", "id: " + id), frame.get(10, TimeUnit.SECONDS));
            s.body().close();
        }
    }

    /** A refused or timed-out publish says nothing HTTP/2 forbids ({@code Connection: close} is for HTTP/1.1). */
    @Test
    void aRefusedPublishOverH2cCarriesNoConnectionHeader() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5)).build();
        h2.send(HttpRequest.newBuilder(herald.uri("/health")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> refused = h2.send(HttpRequest.newBuilder(herald.uri("/api/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"h2\",\"data\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, refused.version());
        assertEquals(401, refused.statusCode(), refused.body());
        assertFalse(refused.headers().firstValue("connection").isPresent(), "connection on an HTTP/2 response");
        HttpResponse<String> published = h2.send(HttpRequest.newBuilder(herald.uri("/api/messages"))
                .header("Content-Type", "application/json")
                .header("Authorization", HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"h2\",\"data\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, published.statusCode(), published.body());
    }
}
