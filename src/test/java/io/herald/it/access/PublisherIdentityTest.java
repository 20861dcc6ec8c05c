package io.herald.it.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.herald.it.support.AdminSession;
import io.herald.it.support.HeraldServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One user is one publisher, however it signs in: the session and HTTP Basic share one rate-limit
 * bucket. Basic credentials that cannot be read are a 401 with the challenge, as wrong ones are.
 */
class PublisherIdentityTest {

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of("herald.limits.publishes-per-second", "1"));

    private static final String MESSAGE = "{\"channel\":\"identity\",\"data\":\"x\"}";

    private static HttpResponse<String> publishWithBasic(String authorization) {
        return HeraldServer.send(HttpRequest.newBuilder(herald.uri("/api/messages"))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(MESSAGE)).build());
    }

    /**
     * The bucket refills one publish a second, so Basic's answer proves the shared bucket only when
     * it comes within that second of the session's 429: a round that took longer (a loaded box) is
     * tried again, up to five rounds.
     */
    @Test
    void theSessionAndBasicCredentialsOfOneUserShareOneBucket() {
        AdminSession session = new AdminSession(herald);
        session.login(HeraldServer.PUBLISHER, HeraldServer.PASSWORD);
        for (int round = 1; round <= 5; round++) {
            HttpResponse<String> viaSession;
            int created = 0;
            do {
                viaSession = session.request("POST", "/api/messages", MESSAGE, "X-Requested-With", "test");
                created += viaSession.statusCode() == 201 ? 1 : 0;
            } while (viaSession.statusCode() == 201 && created < 10);
            assertEquals(429, viaSession.statusCode(), "the session's publishes reach the limit: " + viaSession.body());
            long refused = System.nanoTime();
            HttpResponse<String> viaBasic = publishWithBasic(HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD));
            long millis = (System.nanoTime() - refused) / 1_000_000;
            if (millis < 900) {
                assertEquals(429, viaBasic.statusCode(), "Basic is the same user, with the same spent bucket: "
                        + viaBasic.body() + " (" + millis + " ms after the session's 429)");
                return;
            }
        }
        fail("no round answered Basic within 900 ms of the session's 429");
    }

    @Test
    void unreadableBasicCredentialsAreUnauthorizedWithTheChallenge() {
        String noColon = "Basic " + Base64.getEncoder().encodeToString("publisher".getBytes(StandardCharsets.UTF_8));
        for (String authorization : List.of(noColon, "Basic %%%not-base64%%%")) {
            HttpResponse<String> publish = publishWithBasic(authorization);
            assertEquals(401, publish.statusCode(), authorization + ": " + publish.body());
            assertTrue(publish.headers().allValues("WWW-Authenticate").stream().anyMatch(v -> v.startsWith("Basic")),
                    publish.headers().map().toString());

            HttpResponse<String> history = HeraldServer.send(HttpRequest.newBuilder(herald.uri("/api/messages?channel=identity"))
                    .header("Authorization", authorization).GET().build());
            assertEquals(401, history.statusCode(), authorization + ": " + history.body());
        }
    }
}
