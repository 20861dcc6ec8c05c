package io.herald.it.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.herald.it.support.HeraldServer;
import io.herald.it.support.RawSseClient;
import io.herald.testing.Wait;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stream that ends because its client went away is logged by Jetty's request log with the
 * status it was answered with ({@code 200}), not {@code 500}, and carries the close reason
 * {@code client-gone} as request attribute {@code io.herald.close-reason}.
 */
class VanishedStreamLogTest {

    /** Each logged request's URI with its status and close reason. */
    private static final Map<String, String> LOGGED = new ConcurrentHashMap<>();

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of("herald.stream.heartbeat-ms", "100"))
            .requestLog((request, response) -> LOGGED.put(request.getHttpURI().getPathQuery(),
                    response.getStatus() + " " + request.getAttribute("io.herald.close-reason")));

    @Test
    void aStreamWhoseClientWentAwayIsLoggedWith200AndItsReason() throws Exception {
        String path = "/events?channel=gone-" + System.nanoTime();
        Wait.until(Duration.ofSeconds(10), "no stream left open", () -> herald.hub().gauges().connectionCount() == 0);
        try (RawSseClient client = RawSseClient.connect(herald.port(), path, 0)) {
            assertEquals(200, client.readHead());
            Wait.until(Duration.ofSeconds(10), "the stream is registered", () -> herald.hub().gauges().connectionCount() == 1);
        }
        Wait.until(Duration.ofSeconds(10), "Herald notices the client is gone", () -> herald.hub().gauges().connectionCount() == 0);
        Wait.until(Duration.ofSeconds(10), "the request log has the stream", () -> LOGGED.containsKey(path));
        assertEquals("200 client-gone", LOGGED.get(path));
    }
}
