package io.herald.it;

import java.nio.file.Path;
import java.util.Map;

/**
 * Herald in a JVM of its own (for CrashRecoveryTest, which kills it with SIGKILL): the real
 * webapp in embedded Jetty on a free port with the H2 database in {@code args[0]}. Prints
 * {@code READY <port>} once it serves, then runs until killed.
 */
public final class StandaloneHerald {

    private StandaloneHerald() {
    }

    public static void main(String[] args) throws Exception {
        HeraldServer herald = HeraldServer.start(Path.of(args[0]), Map.of("herald.stream.heartbeat-ms", "500"));
        System.out.println("READY " + herald.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
