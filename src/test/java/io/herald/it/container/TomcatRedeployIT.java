package io.herald.it.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.it.support.Container;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseSubscription;
import io.herald.it.support.TomcatServer;
import io.herald.testing.Wait;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Undeploying and redeploying herald.war in Tomcat 11 twenty times, through Tomcat's manager as
 * an operator would, with a stream open and a message published each time: every deploy finds
 * its H2 database free and its messages there, and afterwards Tomcat's log has no warning or
 * error, no Herald, H2 or pool thread is left in the JVM, and Tomcat finds no leaked class loader.
 */
class TomcatRedeployIT {

    private static final int CYCLES = 20;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final TomcatServer tomcat = new TomcatServer(Map.of("herald.stream.heartbeat-ms", "500")).withManager();

    private static final String MANAGER = HeraldServer.basic(TomcatServer.DEPLOYER, HeraldServer.PASSWORD);
    private static final String PUBLISHER = HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD);

    private static String manager(String method, String command, HttpRequest.BodyPublisher body) throws Exception {
        HttpResponse<String> r = SseSubscription.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tomcat.port()
                + "/manager/text/" + command)).header("Authorization", MANAGER).method(method, body).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), command + ": " + r.body());
        return r.body().strip();
    }

    private static long publish(int n) throws Exception {
        HttpResponse<String> r = SseSubscription.HTTP.send(HttpRequest.newBuilder(URI.create(tomcat.base() + "/api/messages"))
                .header("Authorization", PUBLISHER).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"redeploy\",\"data\":\"deploy " + n + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return com.google.gson.JsonParser.parseString(r.body()).getAsJsonObject().get("id").getAsLong();
    }

    @Test
    void twentyRedeploysLeaveNoThreadNoWarningAndNoLeak() throws Exception {
        Path war = Path.of(Container.required("herald.it.war"));
        long lastId = 0;
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            try (SseSubscription stream = SseSubscription.open(URI.create(tomcat.base() + "/events?channel=redeploy"),
                    Map.of("Authorization", PUBLISHER, "Last-Event-ID", Long.toString(lastId)))) {
                assertEquals(200, stream.status());
                long id = publish(cycle);
                assertEquals(lastId + 1, id, "ids go on across redeploys");
                assertEquals(Long.toString(id), stream.next(WAIT).lastEventId());
                lastId = id;
                assertTrue(manager("GET", "undeploy?path=/herald", HttpRequest.BodyPublishers.noBody()).startsWith("OK"));
                stream.awaitEnd(WAIT);
            }
            assertTrue(manager("PUT", "deploy?path=/herald", HttpRequest.BodyPublishers.ofFile(war)).startsWith("OK"));
            Wait.until(WAIT, "Herald deployed again", () -> tomcat.status("/herald/health") == 200);
        }
        assertTrue(manager("GET", "undeploy?path=/herald", HttpRequest.BodyPublishers.noBody()).startsWith("OK"));

        String leaks = manager("GET", "findleaks?statusLine=true", HttpRequest.BodyPublishers.noBody());
        assertTrue(leaks.startsWith("OK") && !leaks.contains("FAIL") && leaks.contains("No memory leaks found"), leaks);
        List<String> threads = threadNames(tomcat.process().pid()).stream()
                .filter(t -> t.toLowerCase().contains("herald") || t.contains("H2") || t.contains("MVStore")
                        || t.contains("housekeeper"))
                .collect(Collectors.toList());
        assertEquals(List.of(), threads, "threads left after the last undeploy");
        List<String> warnings;
        try (Stream<Path> logs = Files.list(tomcat.logs())) {
            warnings = logs.filter(f -> f.getFileName().toString().startsWith("catalina")).flatMap(TomcatRedeployIT::lines)
                    .filter(l -> l.contains(" WARNING ") || l.contains(" SEVERE ") || l.contains("Exception"))
                    // Tomcat's own background thread, blocked on the context's monitor while the context
                    // stops, still carries the webapp's class loader: Tomcat names it as the webapp's.
                    // The thread and the leak checks above guard Herald's threads.
                    .filter(l -> !l.contains("started a thread named [Catalina-utility-"))
                    .collect(Collectors.toList());
        }
        assertEquals(List.of(), warnings, "warnings and errors in Tomcat's log");
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The names of the threads in the JVM {@code pid}, from {@code jcmd PID Thread.print}. */
    private static List<String> threadNames(long pid) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jcmd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && jcmd.exitValue() == 0, out);
        return out.lines().filter(l -> l.startsWith("\"")).map(l -> l.substring(1, l.indexOf('"', 1))).collect(Collectors.toList());
    }
}
