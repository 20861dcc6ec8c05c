package io.herald.it.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@code EventSource}-like subscription read by {@link HttpClient} through {@link SseParser}:
 * a thread reads the body as it arrives and queues every dispatched event.
 */
public final class SseSubscription implements AutoCloseable {

    public static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Only the start of the body is kept as raw text (for exact-wire assertions on small streams). */
    private static final int RAW_CAPTURE_LIMIT = 64 * 1024;

    private final BlockingQueue<SseParser.Event> events = new LinkedBlockingQueue<>();
    private final StringBuilder raw = new StringBuilder();
    private final SseParser parser = new SseParser(events::add);
    private final HttpResponse<InputStream> response;
    private final Thread reader;
    private volatile boolean ended;
    private volatile IOException endedBy;

    private SseSubscription(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static SseSubscription open(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        try {
            return new SseSubscription(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("GET " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static SseSubscription open(URI uri) {
        return open(uri, Map.of());
    }

    private void read() {
        byte[] buffer = new byte[8192];
        try (InputStream in = response.body()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                synchronized (raw) {
                    if (raw.length() < RAW_CAPTURE_LIMIT) {
                        raw.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                    }
                }
                parser.feed(buffer, 0, n);
            }
        } catch (IOException closedOrReset) {
            // the stream ended: by close() or by the server
            endedBy = closedOrReset;
        } finally {
            ended = true;
        }
    }

    public int status() {
        return response.statusCode();
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    public SseParser parser() {
        return parser;
    }

    /** The body so far as ISO-8859-1 text (bytes one to one), to compare exact wire output. */
    public String rawBytes() {
        synchronized (raw) {
            return raw.toString();
        }
    }

    public boolean ended() {
        return ended;
    }

    /** How the stream ended, for failure messages: "end of stream" or the read's exception. */
    public String howEnded() {
        return !ended ? "not ended" : endedBy == null ? "end of stream" : endedBy.toString();
    }

    /** The next event, or a test failure if none arrives in time. */
    public SseParser.Event next(Duration timeout) {
        try {
            SseParser.Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                fail("no event within " + timeout + "; received so far: " + rawBytes());
            }
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public List<SseParser.Event> next(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<SseParser.Event> got = new ArrayList<>();
        while (got.size() < count) {
            long left = deadline - System.nanoTime();
            SseParser.Event e = null;
            try {
                e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ie);
            }
            if (e == null) {
                fail("received " + got.size() + " of " + count + " events within " + timeout);
            }
            got.add(e);
        }
        return got;
    }

    /** The next event, or null when none arrives within {@code timeout}. */
    public SseParser.Event poll(Duration timeout) {
        try {
            return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Events already received, without waiting. */
    public List<SseParser.Event> drain() {
        List<SseParser.Event> got = new ArrayList<>();
        events.drainTo(got);
        return got;
    }

    /** Waits for the server to end the stream. */
    public void awaitEnd(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
        if (!ended) {
            fail("the stream did not end within " + timeout);
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // closing a broken stream
        }
    }
}
