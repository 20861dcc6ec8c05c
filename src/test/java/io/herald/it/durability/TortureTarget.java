package io.herald.it.durability;

import io.herald.it.support.Container;
import io.herald.it.support.JettyDistributionServer;
import io.herald.it.support.StandaloneProcess;
import io.herald.it.support.TomcatServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Herald the torture test starts, kills with SIGKILL, stops as a service manager does (SIGTERM)
 * and starts again on the same database: the built WAR in a Tomcat or Jetty distribution, or the
 * webapp in embedded Jetty in a JVM of its own.
 */
interface TortureTarget {

    String name();

    /** Starts Herald (the first time, or again on the same data) and waits until it serves. */
    void start() throws Exception;

    /** SIGKILL: nothing of Herald's or the container's shutdown runs. */
    void kill() throws InterruptedException;

    /** SIGTERM, as {@code systemctl stop} or {@code shutdown.sh} would, and waits for the process to end. */
    void stop() throws InterruptedException;

    /** {@code path} (e.g. {@code /api/messages}) under Herald's context. */
    URI uri(String path);

    /** Where the server writes its log, for failure messages. */
    Path logs();

    /** SIGKILL, then waits until the process is gone. */
    static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM and a wait for a clean end; a process still alive after 60 s is a failure of the stop. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("process " + process.pid() + " did not stop within 60 s of SIGTERM");
        }
    }

    /** The WAR in a container distribution (Tomcat or Jetty), set up once, restarted on the same base. */
    static TortureTarget in(Container container, Runnable firstStart) {
        return new TortureTarget() {
            private boolean started;

            @Override
            public String name() {
                return container.name();
            }

            @Override
            public void start() throws Exception {
                if (!started) {
                    started = true;
                    firstStart.run();
                } else if (container instanceof TomcatServer tomcat) {
                    tomcat.launch();
                } else {
                    ((JettyDistributionServer) container).launch();
                }
            }

            @Override
            public void kill() throws InterruptedException {
                TortureTarget.kill(container.process());
            }

            @Override
            public void stop() throws InterruptedException {
                TortureTarget.stop(container.process());
            }

            @Override
            public URI uri(String path) {
                return URI.create(container.base() + path);
            }

            @Override
            public Path logs() {
                return container.logs();
            }
        };
    }

    /** The webapp in embedded Jetty, in a JVM of its own, with its H2 database (or {@code settings}' URL) in {@code data}. */
    static TortureTarget standalone(Path data, Map<String, String> settings) {
        List<String> jvmArgs = settings.entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue()).toList();
        return new TortureTarget() {
            private StandaloneProcess process;

            @Override
            public String name() {
                return "embedded Jetty";
            }

            @Override
            public void start() throws Exception {
                process = new StandaloneProcess(List.of(), jvmArgs, data, "1000");
            }

            @Override
            public void kill() throws InterruptedException {
                TortureTarget.kill(process.process());
            }

            @Override
            public void stop() throws InterruptedException {
                TortureTarget.stop(process.process());
            }

            @Override
            public URI uri(String path) {
                return process.uri(path);
            }

            @Override
            public Path logs() {
                return data;
            }
        };
    }
}
