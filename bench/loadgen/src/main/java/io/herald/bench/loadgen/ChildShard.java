package io.herald.bench.loadgen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A shard of subscribers in a child JVM started from the same jar, because one process may hold
 * at most ~19,000 sockets (open-files limit 20,000, not raisable). Talks to the child over its
 * stdin/stdout with the line protocol of {@link ChildMain}; the child's stderr goes straight to
 * ours. The child also exits by itself at its deadline or when our end of the pipe closes, so a
 * crashed coordinator leaves no orphans holding sockets.
 */
final class ChildShard implements ShardHandle {

    private final int index;
    private final int subscribers;
    private final Process process;
    private final OutputStream stdin;
    private final CountDownLatch connected = new CountDownLatch(1);
    private final CountDownLatch settled = new CountDownLatch(1);
    private final CountDownLatch resulted = new CountDownLatch(1);
    private volatile long connectedCount;
    private volatile ShardResult result;
    private volatile boolean connectedAll;
    private volatile boolean settledAll;

    ChildShard(Options o, int index, int subscribers, int connectConcurrency, long runStartNanos,
               int deadlineSeconds) throws IOException {
        this.index = index;
        this.subscribers = subscribers;
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        if (!o.javaOptions.isBlank()) {
            cmd.addAll(List.of(o.javaOptions.trim().split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(Main.class.getName());
        for (Map.Entry<String, String> e : o.given.entrySet()) {
            switch (e.getKey()) {
                case "--out", "--server-pid", "--pub-server-pid", "--db-pid", "--subscribers", "--per-process", "--shard-index",
                     "--run-start-nanos", "--child-deadline-seconds", "--connect-concurrency" -> { }
                default -> {
                    cmd.add(e.getKey());
                    cmd.add(e.getValue());
                }
            }
        }
        cmd.addAll(List.of("--child", "--subscribers", Integer.toString(subscribers),
                "--connect-concurrency", Integer.toString(connectConcurrency),
                "--shard-index", Integer.toString(index),
                "--run-start-nanos", Long.toString(runStartNanos),
                "--child-deadline-seconds", Integer.toString(deadlineSeconds)));
        if (o.lastEventId != null && !o.given.containsKey("--last-event-id")) {
            cmd.addAll(List.of("--last-event-id", o.lastEventId));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        process = pb.start();
        stdin = process.getOutputStream();
        Thread reader = new Thread(this::readLines, "shard-" + index + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The jar we run from (or the classes directory under tests). */
    private static String classPath() {
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            return System.getProperty("java.class.path");
        }
    }

    private void readLines() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(ChildMain.CONNECTED)) {
                    String[] f = line.split(" ");
                    connectedCount = Long.parseLong(f[1]);
                    connectedAll = Boolean.parseBoolean(f[3]);
                    connected.countDown();
                } else if (line.startsWith(ChildMain.SETTLED)) {
                    settledAll = true;
                    settled.countDown();
                } else if (line.startsWith(ChildMain.RESULT)) {
                    result = ShardResult.fromJson(Json.parseObj(line.substring(ChildMain.RESULT.length()).trim()));
                    resulted.countDown();
                } else {
                    System.err.println("[shard " + index + "] " + line);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("[shard " + index + "] lost: " + e);
        } finally {
            // The child is gone: nobody will count these down any more.
            connected.countDown();
            settled.countDown();
            resulted.countDown();
        }
    }

    @Override
    public boolean awaitConnected(long deadlineNanos) throws InterruptedException {
        return connected.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS) && connectedAll;
    }

    @Override
    public boolean awaitSettled(long deadlineNanos) throws InterruptedException {
        return settled.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS) && settledAll;
    }

    @Override
    public long connectedSoFar() {
        return connectedCount;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public void requestStop() {
        try {
            stdin.write((ChildMain.STOP + "\n").getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
        } catch (IOException e) {
            // the child already exited; awaitResult will notice
        }
    }

    @Override
    public ShardResult awaitResult(long deadlineNanos) throws InterruptedException {
        resulted.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        ShardResult r = result;
        if (r == null) {
            process.destroy(); // our own child, past its deadline
            r = new ShardResult();
            r.subscribers = subscribers;
            r.fail("child shard " + index + " gave no result");
            r.firstError = "child shard " + index + " gave no result";
        }
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already closed
        }
        process.waitFor(5, TimeUnit.SECONDS);
        return r;
    }
}
