package io.herald.it.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.HeraldServer;
import io.herald.testing.Wait;
import java.net.URLEncoder;
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
 * The history API's long-poll mode ({@code wait=}), for clients behind proxies that hold a
 * stream until it ends: an answer as soon as a message it may read arrives, or an empty one when
 * the wait is over, and a {@code lastId} to continue from without gap or repeat.
 */
class LongPollTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String VIEWER = HeraldServer.basic(HeraldServer.VIEWER, HeraldServer.PASSWORD);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of());

    private static CompletableFuture<HttpResponse<String>> poll(String query, String authorization) {
        HttpRequest.Builder r = HttpRequest.newBuilder(herald.uri("/api/messages?" + query)).timeout(Duration.ofSeconds(40));
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return HTTP.sendAsync(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject body(CompletableFuture<HttpResponse<String>> answer) throws Exception {
        HttpResponse<String> r = answer.get(40, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static List<String> data(JsonObject body) {
        List<String> data = new ArrayList<>();
        for (JsonElement m : body.getAsJsonArray("messages")) {
            data.add(m.getAsJsonObject().get("data").getAsString());
        }
        return data;
    }

    @Test
    void aWaitingPollIsAnsweredByTheNextMessageAndContinuesFromItsLastId() throws Exception {
        long seen = herald.publish("lp/a", null, "seen");
        int waiting = herald.hub().gauges().waitingPolls();
        CompletableFuture<HttpResponse<String>> answer = poll("channel=lp/a&after=" + seen + "&wait=30", null);
        Wait.until(WAIT, "the poll to wait", () -> herald.hub().gauges().waitingPolls() == waiting + 1);
        herald.publish("lp/other", null, "not for it");
        long next = herald.publish("lp/a", null, "next");
        JsonObject first = body(answer);
        assertEquals(List.of("next"), data(first), "answered by the message, long before 30 s");
        assertEquals(next, first.get("lastId").getAsLong());

        herald.publish("lp/a", null, "while away");
        JsonObject again = body(poll("channel=lp/a&after=" + first.get("lastId").getAsLong() + "&wait=30", null));
        assertEquals(List.of("while away"), data(again), "one already there is answered at once");
        Wait.until(WAIT, "no poll left waiting", () -> herald.hub().gauges().waitingPolls() == waiting);
    }

    @Test
    void aWaitThatSeesNothingEndsEmptyWithItsAfterAsLastId() throws Exception {
        long seen = herald.publish("lp/quiet", null, "old");
        JsonObject empty = body(poll("channel=lp/quiet&after=" + seen + "&wait=1", null));
        assertEquals(List.of(), data(empty));
        assertEquals(seen, empty.get("lastId").getAsLong());
    }

    @Test
    void withoutAfterItWaitsForWhatIsNewAndNeverForAChannelItsViewerMayNotRead() throws Exception {
        herald.rule("lp/p/secret*", "role:hr");
        herald.publish("lp/p/1", null, "before the poll");
        int waiting = herald.hub().gauges().waitingPolls();
        CompletableFuture<HttpResponse<String>> answer = poll("channel=" + URLEncoder.encode("lp/p/*", StandardCharsets.UTF_8)
                + "&wait=30", VIEWER);
        Wait.until(WAIT, "the poll to wait", () -> herald.hub().gauges().waitingPolls() == waiting + 1);
        herald.publish("lp/p/secret/1", null, "hidden");
        herald.publish("lp/p/2", null, "shown");
        assertEquals(List.of("shown"), data(body(answer)));
    }

    @Test
    void aBadWaitIsA400() throws Exception {
        for (String bad : List.of("0", "31", "x", "-1")) {
            assertEquals(400, poll("channel=lp/a&wait=" + bad, null).get(10, TimeUnit.SECONDS).statusCode(), bad);
        }
    }
}
