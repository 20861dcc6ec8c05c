package io.herald.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;

/** A servlet container running the built herald.war at {@code /herald} in its own process. */
public interface Container {

    /** Which container, for messages (e.g. apache-tomcat-11.0.24). */
    String name();

    int port();

    /** {@code http://127.0.0.1:PORT/herald}. */
    String base();

    /** The status of a GET of {@code path} (from the server root), or -1 when nothing answers. */
    int status(String path);

    /** The container's JVM (null before it started). */
    Process process();

    /** Where the container writes its console and logs, for failure messages. */
    Path logs();

    /** The status of a GET of {@code path} on {@code port}, or -1 when nothing answers (yet). */
    static int status(int port, String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(5000);
            try {
                return c.getResponseCode();
            } finally {
                c.disconnect();
            }
        } catch (IOException notYet) {
            return -1;
        }
    }

    /** A system property Failsafe sets (the unpacked containers, the WAR, a work folder). */
    static String required(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set: run this test through Maven Failsafe (mvn verify)");
        }
        return value;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until Herald in the container's {@code process} answers {@code /herald/health} with 200;
     * if it does not in time, first writes the process's threads to {@code threads-<pid>-<time>.txt}
     * in its logs folder (a start that hangs is diagnosed from them), then kills it.
     */
    static void awaitServing(Container container, Process process, java.time.Duration timeout) {
        try {
            io.herald.testing.Wait.until(timeout, () -> "Herald in " + container.name() + " answering on port "
                    + container.port() + " (see " + container.logs() + ")", () -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(container.name() + " exited with " + process.exitValue()
                                    + "; see " + container.logs());
                        }
                        return container.status("/herald/health") == 200;
                    });
        } catch (AssertionError notServing) {
            dumpThreads(container, process);
            // Not left behind: a start that hung once spun on the CPU for 75 minutes after its test had failed.
            process.destroyForcibly();
            try {
                process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw notServing;
        }
    }

    private static void dumpThreads(Container container, Process process) {
        Path dump = container.logs().resolve("threads-" + process.pid() + "-" + System.currentTimeMillis() + ".txt");
        try {
            Process jstack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                    "-l", Long.toString(process.pid())).redirectErrorStream(true).redirectOutput(dump.toFile()).start();
            jstack.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            System.err.println("no thread dump of " + container.name() + ": " + e);
        }
    }

    /** Stops the container's process as a service manager would (SIGTERM), then for good if it lingers. */
    static void stop(Process process) throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }
}
