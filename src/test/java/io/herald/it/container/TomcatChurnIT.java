package io.herald.it.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonParser;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.RawSseClient;
import io.herald.it.support.SseParser;
import io.herald.it.support.TomcatServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Herald in a real Tomcat 11 while clients come and go in bursts: every new subscriber gets its
 * stream and its messages although hundreds of dead streams are failing their heartbeat writes
 * at the same moment. Tomcat reuses request, response and socket objects for new connections;
 * a write that raced the container's clean-up of a dead stream used to land on a new connection
 * and close it before its response head (docs/BENCHMARKS.md, run D).
 */
class TomcatChurnIT {

    private static final int ROUNDS = 6;
    private static final int CLIENTS = 300;

    @RegisterExtension
    static final TomcatServer tomcat = new TomcatServer(Map.of("herald.stream.heartbeat-ms", "20",
            "herald.access.default", "public", "herald.publish.open", "true",
            "herald.limits.connections-per-client", "100000"));

    @Test
    void newStreamsSurviveTheCleanUpOfStreamsThatJustDied() throws Exception {
        List<String> failures = new ArrayList<>();
        List<RawSseClient> previous = List.of();
        for (int round = 0; round < ROUNDS; round++) {
            String channel = "churn-" + round;
            List<RawSseClient> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(RawSseClient.connect(tomcat.port(), "/herald/events?channel=" + channel, 0));
            }
            // The last round's clients vanish while this round's are being set up.
            for (RawSseClient gone : previous) {
                gone.close();
            }
            for (int i = 0; i < clients.size(); i++) {
                try {
                    int status = clients.get(i).readHead();
                    if (status != 200) {
                        failures.add("round " + round + " client " + i + ": status " + status);
                    }
                } catch (IOException e) {
                    failures.add("round " + round + " client " + i + ": " + e.getMessage());
                }
            }
            String data = "round " + round;
            long id = publish(channel, data);
            for (int i = 0; i < clients.size(); i++) {
                try {
                    List<SseParser.Event> events = clients.get(i).readEvents(1);
                    if (events.size() != 1 || !events.get(0).data().equals(data)
                            || !events.get(0).lastEventId().equals(Long.toString(id))) {
                        failures.add("round " + round + " client " + i + ": got " + events);
                    }
                } catch (IOException e) {
                    failures.add("round " + round + " client " + i + " reading: " + e.getMessage());
                }
            }
            previous = clients;
        }
        for (RawSseClient c : previous) {
            c.close();
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + ROUNDS * CLIENTS + " streams failed (logs in " + tomcat.logs() + "): "
                    + failures.subList(0, Math.min(10, failures.size())));
        }
    }

    private long publish(String channel, String data) {
        HttpResponse<String> response = HeraldServer.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + tomcat.port() + "/herald/api/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"channel\":\"" + channel + "\",\"data\":\"" + data + "\"}"))
                .build());
        assertEquals(201, response.statusCode(), response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject().get("id").getAsLong();
    }
}
