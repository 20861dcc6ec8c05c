package io.herald.it.support;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Herald in a JVM of its own (for tests that kill it or move it into a network namespace): the
 * real webapp in embedded Jetty on a free port with the H2 database in {@code args[0]}. Prints
 * {@code READY <port>} once it serves and, whenever the number of open streams changes,
 * {@code CONNECTIONS <n>}; runs until killed. {@code args[1]}, if given, is the heartbeat period;
 * {@code args[2]}, if given, the port (a Herald started again after a kill takes the port it had, so
 * clients reconnect to the same URL).
 */
public final class StandaloneHerald {

    private StandaloneHerald() {
    }

    public static void main(String[] args) throws Exception {
        String heartbeat = args.length > 1 ? args[1] : "500";
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        HeraldServer herald = HeraldServer.start(Path.of(args[0]), Map.of("herald.stream.heartbeat-ms", heartbeat), port);
        // SIGTERM stops Herald as a container would: the webapp is undeployed, then the server stops.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                herald.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "standalone-stop"));
        System.out.println("READY " + herald.port());
        System.out.flush();
        ScheduledExecutorService report = Executors.newSingleThreadScheduledExecutor();
        int[] last = {-1};
        report.scheduleWithFixedDelay(() -> {
            int now = herald.hub().gauges().connectionCount();
            if (now != last[0]) {
                last[0] = now;
                System.out.println("CONNECTIONS " + now);
                System.out.flush();
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
        Thread.currentThread().join();
    }
}
