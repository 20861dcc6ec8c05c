package io.herald.it.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Many raw HTTP/1.1 requests that declare a body and then send it one byte per {@code interval}
 * (a slow-body attack, "slow POST"), all driven by one thread over non-blocking sockets, each
 * answer read as it comes. Bounded: every socket is closed by {@link #close()}.
 */
public final class TricklingClients implements AutoCloseable {

    /** One trickling request: what came back and when. */
    public static final class Client {
        final long startedNanos;
        final StringBuilder answer = new StringBuilder();
        volatile long firstAnswerNanos;
        public volatile boolean closedByServer;
        private final SocketChannel channel;
        private int bodyLeft;

        private Client(SocketChannel channel, int bodyLength) {
            this.channel = channel;
            this.bodyLeft = bodyLength;
            this.startedNanos = System.nanoTime();
        }

        /** The status of the answer, or 0 while none came. */
        public synchronized int status() {
            String text = answer.toString();
            return text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : 0;
        }

        public synchronized String text() {
            return answer.toString();
        }

        /** Milliseconds from the request's start to the first byte of its answer; -1 while none came. */
        public long answeredAfterMillis() {
            long at = firstAnswerNanos;
            return at == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(at - startedNanos);
        }
    }

    private final List<Client> clients = new ArrayList<>();
    private final Selector selector;
    private final Thread driver;
    private final long intervalNanos;
    private volatile boolean running = true;

    /**
     * Opens {@code count} connections to 127.0.0.1:{@code port}, each sending {@code head} (the
     * request line and headers, {@code Content-Length: bodyLength} among them) and then one byte
     * of body per {@code intervalMillis}.
     */
    public TricklingClients(int port, int count, String head, int bodyLength, long intervalMillis) throws IOException {
        this.selector = Selector.open();
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(new InetSocketAddress("127.0.0.1", port));
            channel.write(ByteBuffer.wrap(headBytes));
            channel.configureBlocking(false);
            Client client = new Client(channel, bodyLength);
            channel.register(selector, SelectionKey.OP_READ, client);
            clients.add(client);
        }
        driver = new Thread(this::drive, "trickling-clients");
        driver.setDaemon(true);
        driver.start();
    }

    public List<Client> clients() {
        return clients;
    }

    /** How many got an answer with this status so far. */
    public long answeredWith(int status) {
        return clients.stream().filter(c -> c.status() == status).count();
    }

    private void drive() {
        ByteBuffer in = ByteBuffer.allocate(4096);
        long nextByte = System.nanoTime() + intervalNanos;
        try {
            while (running) {
                long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextByte - System.nanoTime()));
                selector.select(wait);
                for (SelectionKey key : selector.selectedKeys()) {
                    Client client = (Client) key.attachment();
                    in.clear();
                    int n;
                    try {
                        n = client.channel.read(in);
                    } catch (IOException reset) {
                        n = -1;
                    }
                    if (n > 0) {
                        synchronized (client) {
                            if (client.firstAnswerNanos == 0) {
                                client.firstAnswerNanos = System.nanoTime();
                            }
                            client.answer.append(new String(in.array(), 0, n, StandardCharsets.ISO_8859_1));
                        }
                    } else if (n < 0) {
                        client.closedByServer = true;
                        key.cancel();
                    }
                }
                selector.selectedKeys().clear();
                if (System.nanoTime() - nextByte >= 0) {
                    nextByte += intervalNanos;
                    for (Client client : clients) {
                        if (client.bodyLeft > 0 && !client.closedByServer) {
                            try {
                                client.channel.write(ByteBuffer.wrap(new byte[] {'x'}));
                                client.bodyLeft--;
                            } catch (IOException refused) {
                                // The server closed the connection: this client is done sending.
                                client.bodyLeft = 0;
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("driving the trickling clients failed", e);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        running = false;
        selector.wakeup();
        driver.join(5000);
        for (Client client : clients) {
            client.channel.close();
        }
        selector.close();
    }
}
