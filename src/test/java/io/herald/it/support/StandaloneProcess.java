package io.herald.it.support;

import io.herald.testing.Wait;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link StandaloneHerald} in a JVM of its own, started by a test (which may kill it with
 * SIGKILL): its port from the {@code READY} line, and the open-stream count from its
 * {@code CONNECTIONS} lines.
 */
public final class StandaloneProcess implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(60);

    private final Process process;
    private final AtomicInteger port = new AtomicInteger(-1);
    private final AtomicInteger connections = new AtomicInteger(-1);
    /** Output lines that name an OutOfMemoryError (the JVM's own report or a logged one). */
    private final java.util.Queue<String> outOfMemory = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * Starts {@code StandaloneHerald data heartbeatMillis} with {@code jvmArgs} (e.g. -D settings),
     * behind {@code prefix} (e.g. {@code ip netns exec NS}; empty for none), and waits until it serves.
     */
    public StandaloneProcess(List<String> prefix, List<String> jvmArgs, Path data, String heartbeatMillis) throws IOException {
        this(prefix, jvmArgs, data, heartbeatMillis, 0);
    }

    /** As above, on {@code onPort} (0: a free one), e.g. the port of the process it replaces after a kill. */
    public StandaloneProcess(List<String> prefix, List<String> jvmArgs, Path data, String heartbeatMillis, int onPort)
            throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), "-Djava.io.tmpdir=" + data));
        command.addAll(jvmArgs);
        command.addAll(List.of(StandaloneHerald.class.getName(), data.toString(), heartbeatMillis, Integer.toString(onPort)));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(this::read, "standalone-output");
        reader.setDaemon(true);
        reader.start();
        Wait.until(START, "the standalone Herald to start", () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("standalone Herald exited with " + process.exitValue());
            }
            return port.get() > 0;
        });
    }

    public StandaloneProcess(Path data, List<String> jvmArgs) throws IOException {
        this(List.of(), jvmArgs, data, "500");
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    port.set(Integer.parseInt(line.substring(6).trim()));
                } else if (line.startsWith("CONNECTIONS ")) {
                    connections.set(Integer.parseInt(line.substring(12).trim()));
                } else if (line.contains("OutOfMemoryError")) {
                    outOfMemory.add(line);
                }
            }
        } catch (IOException ended) {
            // the process died or was killed
        }
    }

    public int port() {
        return port.get();
    }

    /** Open streams as the process last reported them (-1 before the first report). */
    public int connections() {
        return connections.get();
    }

    /** Lines of its output that reported an {@code OutOfMemoryError} so far. */
    public List<String> outOfMemoryReports() {
        return List.copyOf(outOfMemory);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port.get() + path);
    }

    public Process process() {
        return process;
    }

    /** SIGKILL: no shutdown hook runs, no close frame is sent. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
