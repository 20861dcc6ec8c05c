package io.herald.it.durability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.it.support.CompetingLoad;
import io.herald.it.support.Container;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.JettyDistributionServer;
import io.herald.it.support.TomcatServer;
import io.herald.store.Postgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The torture test (issue 17): the built herald.war in the Tomcat 11 and Jetty 12 distributions,
 * on H2 and on PostgreSQL, killed with SIGKILL or stopped with SIGTERM at random moments while 16
 * publishers and 3 subscribers run, retention prunes every 100 ms and a second Herald in another
 * JVM serves streams that keep reconnecting on the same cores. Every acknowledged message must
 * survive, ids must never go back or repeat, every resumed subscriber must get every message once.
 *
 * <p>{@code mvn verify} runs 2 cycles on Tomcat with H2 (one kill, one stop); {@code bench/torture.sh}
 * runs 200 and more on all four (Tomcat and Jetty, H2 and PostgreSQL)
 * (system properties {@code herald.torture.cycles}, {@code herald.torture.targets},
 * {@code herald.torture.load-streams}, {@code herald.torture.min-acks} and {@code max-acks} (a
 * round ends after a random number of acknowledged publishes between them),
 * {@code herald.torture.report} for the result line, {@code herald.torture.rounds} for one line per round).
 */
class TortureIT {

    private static final int CYCLES = Integer.getInteger("herald.torture.cycles", 2);
    private static final int PUBLISHERS = 16;
    private static final String AUTH = HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD);

    private static CompetingLoad load;
    private static Postgres postgres;

    @BeforeAll
    static void competingLoad() throws Exception {
        Path work = Path.of(Container.required("herald.it.work"));
        load = new CompetingLoad(Files.createTempDirectory(work, "load-"), Integer.getInteger("herald.torture.load-streams", 300), 20);
    }

    @AfterAll
    static void stop() throws Exception {
        if (load != null) {
            load.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    static Stream<String> targets() {
        return Stream.of(System.getProperty("herald.torture.targets", "tomcat-h2")
                .split(","));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void everyAcknowledgedMessageSurvivesKillsAndStopsUnderCompetingLoad(String which) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "herald.retention.interval-ms", "100",
                // Above what one publisher is acknowledged in a round: only older rounds are pruned.
                "herald.retention.max-per-channel", "3000",
                "herald.limits.publishes-per-second", "1000000",
                "herald.stream.heartbeat-ms", "1000"));
        if (which.endsWith("-postgresql")) {
            if (postgres == null) {
                postgres = Postgres.start();
            }
            settings.put("herald.db.url", postgres.freshDatabase("torture_" + which.replace('-', '_')));
            settings.put("herald.db.user", "postgres");
            settings.put("herald.db.password", "");
        }
        TortureTarget target;
        if (which.startsWith("tomcat")) {
            TomcatServer tomcat = new TomcatServer(settings);
            target = TortureTarget.in(tomcat, () -> start(() -> tomcat.beforeAll(null)));
        } else {
            JettyDistributionServer jetty = new JettyDistributionServer(settings);
            target = TortureTarget.in(jetty, () -> start(() -> jetty.beforeAll(null)));
        }
        Torture torture = new Torture(target, AUTH, PUBLISHERS, 2500, 3, Integer.getInteger("herald.torture.min-acks", 300),
                Integer.getInteger("herald.torture.max-acks", 1500), 0.8, which.hashCode() ^ System.nanoTime());
        // Each round's line is appended as it ends, so a run cut short still shows every round it finished.
        Path rounds = Path.of(System.getProperty("herald.torture.rounds", Container.required("herald.it.work") + "/torture-rounds.txt"));
        Torture.Result result = torture.run(CYCLES, line -> {
            String stamped = Instant.now() + " " + which + " " + line;
            System.out.println(stamped);
            try {
                Files.writeString(rounds, stamped + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String report = Instant.now() + " " + which + " " + result.line() + ", competing streams opened: " + load.connects();
        System.out.println(report);
        Path file = Path.of(System.getProperty("herald.torture.report", Container.required("herald.it.work") + "/torture-report.txt"));
        Files.writeString(file, report + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        assertTrue(result.clean(), () -> result.line() + "\nlost: " + head(result.lost()) + "\nreused: " + head(result.reused())
                + "\nwent back: " + head(result.wentBack()) + "\nsubscribers: " + head(result.subscriberFaults())
                + "\nunexpected: " + head(result.unexpected()) + "\nlogs: " + target.logs());
    }

    private interface Start {
        void run() throws Exception;
    }

    private static void start(Start start) {
        try {
            start.run();
        } catch (Exception e) {
            throw new IllegalStateException("starting the container failed", e);
        }
    }

    private static String head(java.util.List<String> lines) {
        return lines.size() <= 20 ? lines.toString() : lines.subList(0, 20) + " and " + (lines.size() - 20) + " more";
    }
}
