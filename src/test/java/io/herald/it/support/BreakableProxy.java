package io.herald.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reverse proxy on a free loopback port in front of one backend port, as nginx or Apache would
 * be in front of Herald: it forwards each request (head, then a {@code Content-Length} body) and
 * the backend's answers byte for byte, answers {@code 502 Bad Gateway} when the backend refuses
 * (Herald restarting), and can be switched to answer 502 to every request ({@link #failing}),
 * cutting the connections it was forwarding, or to the requests a filter picks ({@link #refusing}).
 *
 * <p>Bounded: at most {@link #MAX_CONNECTIONS} client connections at once (more are closed at
 * once); every thread is a daemon and ends with {@link #close}.
 */
public final class BreakableProxy implements AutoCloseable {

    private static final int MAX_CONNECTIONS = 64;
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int MAX_HELD_BYTES = 4 * 1024 * 1024;

    private final int backendPort;
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger badGateways = new AtomicInteger();
    private final AtomicInteger streamBadGateways = new AtomicInteger();
    private volatile boolean failing;
    private volatile boolean buffering;
    private volatile java.util.function.Predicate<String> refused = requestLine -> false;

    public BreakableProxy(int backendPort) {
        this.backendPort = backendPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("open the proxy's port", e);
        }
        threads.execute(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    public String origin() {
        return "http://127.0.0.1:" + port();
    }

    /** From now on every request gets 502 (true), or is forwarded again (false). */
    public void failing(boolean on) {
        failing = on;
        if (on) {
            for (Socket s : open) {
                closeQuietly(s); // the streams it was forwarding end, as when a backend dies
            }
        }
    }

    /** From now on requests whose first line ({@code GET /path HTTP/1.1}) {@code which} accepts get 502. */
    public void refusing(java.util.function.Predicate<String> which) {
        refused = which;
    }

    /**
     * From now on (true) it holds every answer until the backend has sent all of it, as some
     * corporate forward proxies and antivirus gateways do: a stream, which never ends, then never
     * reaches the client, while a complete answer arrives whole. It asks the backend to close after
     * each answer ({@code Connection: close}), which is how it knows an answer is complete.
     */
    public void buffering(boolean on) {
        buffering = on;
    }

    /** How many requests were answered 502, and how many of those asked for {@code /events}. */
    public int badGateways() {
        return badGateways.get();
    }

    public int streamBadGateways() {
        return streamBadGateways.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            if (open.size() >= MAX_CONNECTIONS) {
                closeQuietly(client);
                continue;
            }
            open.add(client);
            threads.execute(() -> serve(client));
        }
    }

    /** Forwards the requests of one client connection (browsers do not pipeline: one at a time). */
    private void serve(Socket client) {
        Socket backend = null;
        try {
            InputStream in = client.getInputStream();
            byte[] head;
            while ((head = readHead(in)) != null) {
                String requestLine = firstLine(head);
                if (failing || refused.test(requestLine)) {
                    badGateway(client, requestLine);
                    return;
                }
                boolean holding = buffering;
                if (holding) {
                    head = closingAfterAnswer(head);
                }
                if (backend == null) {
                    backend = connect();
                    if (backend == null) {
                        badGateway(client, requestLine); // Herald is not there (restarting)
                        return;
                    }
                    Socket b = backend;
                    threads.execute(() -> pump(b, client, holding));
                }
                OutputStream out = backend.getOutputStream();
                out.write(head);
                copy(in, out, contentLength(head));
                out.flush();
            }
        } catch (IOException e) {
            // The browser or the backend went away: the connection ends, as through a real proxy.
        } finally {
            closeQuietly(client);
            closeQuietly(backend);
        }
    }

    private Socket connect() {
        Socket backend = new Socket();
        try {
            backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPort), 2000);
            open.add(backend);
            return backend;
        } catch (IOException refused) {
            closeQuietly(backend);
            return null;
        }
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[8192];
        while (length > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length));
            if (n < 0) {
                throw new IOException("the request body ended early");
            }
            out.write(buffer, 0, n);
            length -= n;
        }
    }

    private static long contentLength(byte[] head) {
        for (String line : new String(head, StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                return Long.parseLong(line.substring(15).trim());
            }
        }
        return 0;
    }

    /** The request head with {@code Connection: close} instead of any {@code Connection} header it had. */
    private static byte[] closingAfterAnswer(byte[] head) {
        StringBuilder kept = new StringBuilder();
        for (String line : new String(head, StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (!line.isEmpty() && !line.regionMatches(true, 0, "Connection:", 0, 11)) {
                kept.append(line).append("\r\n");
            }
        }
        return kept.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Copies the backend's answers to the client until either ends; then ends both. {@code holding}:
     * nothing is copied until the backend has closed (at most {@link #MAX_HELD_BYTES} are held).
     */
    private void pump(Socket from, Socket to, boolean holding) {
        byte[] buffer = new byte[16 * 1024];
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (holding) {
                    if (held.size() + n > MAX_HELD_BYTES) {
                        return; // a stream: it never ends, and never reaches the client
                    }
                    held.write(buffer, 0, n);
                } else {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
            if (holding) {
                held.writeTo(out);
                out.flush();
            }
        } catch (IOException ended) {
            // One side closed or was cut by failing(true).
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void badGateway(Socket client, String requestLine) throws IOException {
        badGateways.incrementAndGet();
        if (requestLine.contains(" /events")) {
            streamBadGateways.incrementAndGet();
        }
        byte[] body = "<html><body><h1>502 Bad Gateway</h1></body></html>".getBytes(StandardCharsets.US_ASCII);
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** Reads a request head, up to and with its blank line; null when the client closed first. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        while ((b = in.read()) != -1 && head.size() < MAX_HEAD_BYTES) {
            head.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0d0a0d0a) {
                break;
            }
        }
        return head.size() == 0 ? null : head.toByteArray();
    }

    private static String firstLine(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n");
        return end < 0 ? text : text.substring(0, end);
    }

    private void closeQuietly(Socket s) {
        if (s == null) {
            return;
        }
        open.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // closing: nothing left to do with this socket
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            throw new UncheckedIOException("close the proxy's port", e);
        }
        open.forEach(this::closeQuietly);
        threads.shutdownNow();
    }
}
