package io.herald.it.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.it.support.HeraldServer;
import io.herald.testing.Wait;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code HEAD} answers wherever {@code GET} does, with the GET's status and headers and no body
 * (load balancers probe {@code /health} with it); on {@code /events} without opening a stream.
 */
class HeadRequestTest {

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of());

    private static HttpResponse<String> request(String method, String path) {
        return HeraldServer.send(HttpRequest.newBuilder(herald.uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void headAnswersLikeGetWithoutABody() {
        long id = herald.publish("head-test", null, "x");
        for (String path : List.of("/health", "/health/live", "/health/ready", "/health/nope", "/metrics",
                "/api/messages?channel=head-test", "/api/messages/" + id, "/api/messages/999999999",
                "/api/messages?channel=bad%20name", "/api/channels/head-test/presence", "/api/announcements", "/api/me")) {
            HttpResponse<String> get = request("GET", path);
            HttpResponse<String> head = request("HEAD", path);
            assertEquals(get.statusCode(), head.statusCode(), "HEAD " + path);
            assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"), "HEAD " + path);
            assertEquals("", head.body(), "HEAD " + path + " has no body");
        }
    }

    @Test
    void headOnTheStreamAnswersItsHeadersWithoutOpeningOne() {
        Wait.until(Duration.ofSeconds(10), "no stream left open", () -> herald.hub().gauges().connectionCount() == 0);
        HttpResponse<String> head = request("HEAD", "/events?channel=head-test");
        assertEquals(200, head.statusCode());
        assertEquals("text/event-stream", head.headers().firstValue("Content-Type").orElse(null));
        assertEquals("no-cache", head.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("", head.body());
        assertEquals(0, herald.hub().gauges().connectionCount(), "no stream was opened");
        assertEquals(400, request("HEAD", "/events?channel=bad%20name").statusCode(), "the checks of a GET apply");
    }

    @Test
    void aPathWithoutGetStillRefusesHeadAndNamesWhatItAllows() {
        HttpResponse<String> head = request("HEAD", "/api/tickets");
        assertEquals(405, head.statusCode());
        assertEquals("POST", head.headers().firstValue("Allow").orElse(null));
        HttpResponse<String> put = request("PUT", "/health");
        assertEquals(405, put.statusCode());
        assertEquals("GET, HEAD", put.headers().firstValue("Allow").orElse(null));
        assertTrue(put.body().contains("\"error\""), put.body());
    }
}
