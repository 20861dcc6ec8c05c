package io.herald.it.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What competes for the cores in the torture test, as on the machine where messages were lost:
 * a second Herald in its own JVM serving {@code streams} streams that each reconnect after a
 * random 0.5-4 s, with a few messages a second fanned out to all of them. Bounded: it stops when
 * closed, and talks only to 127.0.0.1.
 */
public final class CompetingLoad implements AutoCloseable {

    private final StandaloneProcess server;
    private final Thread driver;
    private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong connects = new AtomicLong();
    private volatile boolean running = true;

    public CompetingLoad(Path data, int streams, int publishesPerSecond) throws IOException {
        server = new StandaloneProcess(List.of(), List.of("-Dherald.access.default=public", "-Dherald.publish.open=true",
                "-Dherald.limits.connections-per-client=100000", "-Dherald.limits.publishes-per-second=100000"), data, "1000");
        int port = server.port();
        driver = new Thread(() -> drive(port, streams), "competing-streams");
        driver.setDaemon(true);
        driver.start();
        if (publishesPerSecond > 0) {
            HttpClient http = HttpClient.newHttpClient();
            URI publish = server.uri("/api/messages");
            publisher.scheduleAtFixedRate(() -> {
                try {
                    http.send(HttpRequest.newBuilder(publish).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"load\",\"data\":\""
                                    + "x".repeat(200) + "\"}")).build(), HttpResponse.BodyHandlers.discarding());
                } catch (IOException | InterruptedException e) {
                    // load only: a failed publish changes nothing the test checks
                }
            }, 0, 1_000_000 / publishesPerSecond, TimeUnit.MICROSECONDS);
        }
    }

    /** Streams opened so far (each reconnect counts). */
    public long connects() {
        return connects.get();
    }

    private void drive(int port, int streams) {
        byte[] request = ("GET /events?channel=load HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < streams; i++) {
                open(selector, port, request);
            }
            while (running) {
                selector.select(50);
                long now = System.nanoTime();
                for (SelectionKey key : new java.util.ArrayList<>(selector.keys())) {
                    SocketChannel ch = (SocketChannel) key.channel();
                    long closeAt = (Long) key.attachment();
                    try {
                        if (key.isValid() && key.isReadable()) {
                            sink.clear();
                            if (ch.read(sink) < 0) {
                                closeAt = now;
                            }
                        }
                        if (key.isValid() && key.isConnectable() && ch.finishConnect()) {
                            ch.write(ByteBuffer.wrap(request));
                            key.interestOps(SelectionKey.OP_READ);
                        }
                    } catch (IOException broken) {
                        closeAt = now;
                    }
                    if (now - closeAt >= 0) {
                        key.cancel();
                        ch.close();
                        open(selector, port, request);
                    }
                }
                selector.selectedKeys().clear();
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
        } catch (IOException e) {
            throw new IllegalStateException("competing load failed", e);
        }
    }

    private void open(Selector selector, int port, byte[] request) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        // Closed with a reset, so thousands of reconnects leave no TIME_WAIT sockets behind.
        ch.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
        ch.connect(new InetSocketAddress("127.0.0.1", port));
        long life = TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(500, 4000));
        ch.register(selector, SelectionKey.OP_CONNECT, System.nanoTime() + life);
        connects.incrementAndGet();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        publisher.shutdownNow();
        driver.join(10_000);
        server.kill();
    }
}
