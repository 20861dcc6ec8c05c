package io.herald.bench.loadgen;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection that POSTs messages and reads the replies, on a plain blocking
 * socket. Chosen over java.net.http.HttpClient because it costs a fraction of the CPU per request
 * (no futures, no executor hand-offs, no header maps), and publishing shares the 2 cores with
 * the server being measured. Not thread safe: one per publishing thread.
 */
final class HttpPublisher implements AutoCloseable {

    /** A connection idle longer than this is replaced before use: servers (node: 5 s) close idle
     *  keep-alive connections, and a request racing that close might or might not have been
     *  processed, so it could not be safely retried. */
    private static final long MAX_IDLE_NANOS = 1_000_000_000L;

    private static final byte[] HEAD_END = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final LoopbackUrl url;
    private final Options.Format format;
    private final String channel;
    private final InetSocketAddress local;
    /** Every idempotency key is this followed by the message's seq; null: no keys. */
    private final String keyPrefix;
    /** {@code "\r\nIdempotency-Key: " + keyPrefix}, the header line up to the seq. */
    private final byte[] keyHeaderPrefix;
    /** Scratch for the seq's decimal digits in the header, so a keyed request allocates no header. */
    private final byte[] digits = new byte[20];
    /** A reply slower than this counts as an error, so a wedged server cannot stall a phase. */
    private final int timeoutMillis;
    private final byte[] readBuf = new byte[8192];
    private final ChunkedDecoder.BodySink discard = (b, off, len) -> { };
    /** Herald's replies are read for the messages they confirm; other servers' are discarded. */
    private final ReplyMessages replyMessages = new ReplyMessages();
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private long lastUsedNanos;
    private int cachedBodyLength = -1;
    private byte[] cachedHeader;
    /** Status line of the last non-2xx reply, for the report. */
    String lastStatusLine;
    /** Messages the last reply confirmed: the entries of its "messages" array, else 1. */
    int lastReplyMessages;

    HttpPublisher(LoopbackUrl url, Options.Format format, String channel, InetSocketAddress local,
                  int timeoutMillis) {
        this(url, format, channel, local, timeoutMillis, null);
    }

    /**
     * With a {@code keyPrefix} (herald format only) every message carries the idempotency key
     * {@code keyPrefix + seq}: a single message in the {@code Idempotency-Key} header, each message
     * of a batch in its {@code "idempotencyKey"} field. The prefix must be printable ASCII with no
     * {@code "} or {@code \\} (it is written into JSON unescaped).
     */
    HttpPublisher(LoopbackUrl url, Options.Format format, String channel, InetSocketAddress local,
                  int timeoutMillis, String keyPrefix) {
        if (keyPrefix != null && (format != Options.Format.HERALD || !keyPrefix.matches("[\\x21-\\x7e&&[^\"\\\\]]{1,180}"))) {
            throw new IllegalArgumentException("idempotency keys need the herald format and a plain ASCII prefix");
        }
        this.url = url;
        this.timeoutMillis = timeoutMillis;
        this.format = format;
        this.channel = channel;
        this.local = local;
        this.keyPrefix = keyPrefix;
        this.keyHeaderPrefix = keyPrefix == null ? null
                : ("\r\nIdempotency-Key: " + keyPrefix).getBytes(StandardCharsets.US_ASCII);
    }

    /** The idempotency key of message {@code seq}, or null without keys. */
    String key(long seq) {
        return keyPrefix == null ? null : keyPrefix + seq;
    }

    /** The request body for a payload in the configured format. */
    byte[] body(byte[] payload) {
        if (format == Options.Format.RAW) {
            return payload;
        }
        return message(new StringBuilder(payload.length + channel.length() + 24), payload)
                .toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A batch: one JSON array of the herald format's objects, in payload order. With keys, message
     * i carries the idempotency key of seq {@code firstSeq + i}; without, {@code firstSeq} is unused.
     */
    byte[] body(byte[][] payloads, long firstSeq) {
        if (format == Options.Format.RAW) {
            throw new IllegalStateException("batches need the herald format");
        }
        int perKey = keyPrefix == null ? 0 : keyPrefix.length() + 40;
        StringBuilder sb = new StringBuilder(2 + payloads.length * (payloads[0].length + channel.length() + 25 + perKey));
        sb.append('[');
        for (int i = 0; i < payloads.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            message(sb, payloads[i]);
            if (keyPrefix != null) {
                // Before the object's closing brace; the key is plain ASCII, nothing to escape.
                sb.setLength(sb.length() - 1);
                sb.append(",\"idempotencyKey\":\"").append(keyPrefix).append(firstSeq + i).append("\"}");
            }
        }
        return sb.append(']').toString().getBytes(StandardCharsets.US_ASCII);
    }

    private StringBuilder message(StringBuilder sb, byte[] payload) {
        // The payload is digits, '-', spaces and 'x' only: nothing to escape.
        return sb.append("{\"channel\":\"").append(channel).append("\",\"data\":\"")
                .append(new String(payload, StandardCharsets.US_ASCII)).append("\"}");
    }

    /**
     * Sends one POST and waits for the whole reply. Returns the status, or throws when the
     * connection failed (the connection is then dropped; the next call opens a new one).
     */
    int post(byte[] body) throws IOException {
        return post(body, -1);
    }

    /**
     * As {@link #post(byte[])}; with keys and {@code seq} &gt; 0 (a single message) the request
     * also carries the header {@code Idempotency-Key: <key of seq>}. A batch passes -1: its keys
     * are in its body, and Herald refuses the header on a batch.
     */
    int post(byte[] body, long seq) throws IOException {
        long now = System.nanoTime();
        if (socket != null && now - lastUsedNanos > MAX_IDLE_NANOS) {
            close();
        }
        if (socket == null) {
            connect();
        }
        try {
            byte[] header = header(body.length);
            if (keyPrefix != null && seq > 0) {
                // The cached head up to its last header line, then the key line and the blank line.
                out.write(header, 0, header.length - HEAD_END.length);
                out.write(keyHeaderPrefix);
                int from = decimal(seq);
                out.write(digits, from, digits.length - from);
                out.write(HEAD_END);
            } else {
                out.write(header);
            }
            out.write(body);
            out.flush();
            int status = readReply();
            lastUsedNanos = System.nanoTime();
            return status;
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** Writes {@code v} (&gt;= 0) in decimal at the end of {@link #digits}; returns where it starts. */
    private int decimal(long v) {
        int i = digits.length;
        do {
            digits[--i] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        return i;
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(timeoutMillis);
            s.bind(local);
            s.connect(url.address, timeoutMillis);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        in = s.getInputStream();
        out = new BufferedOutputStream(s.getOutputStream(), 4096);
    }

    private byte[] header(int bodyLength) {
        if (bodyLength != cachedBodyLength) {
            String ct = format == Options.Format.RAW ? "text/plain; charset=utf-8" : "application/json";
            cachedHeader = ("POST " + url.target + " HTTP/1.1\r\n"
                    + "Host: " + url.host + "\r\n"
                    + "Content-Type: " + ct + "\r\n"
                    + "Content-Length: " + bodyLength + "\r\n"
                    + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            cachedBodyLength = bodyLength;
        }
        return cachedHeader;
    }

    /** Reads a reply head and body; closes the connection afterwards when the server asked to. */
    private int readReply() throws IOException {
        HttpHead head = new HttpHead();
        int used;
        int n;
        while (true) {
            n = in.read(readBuf);
            if (n < 0) {
                throw new IOException("connection closed before the reply");
            }
            used = head.feed(readBuf, 0, n);
            if (used >= 0) {
                break;
            }
        }
        int status = head.status();
        if (status / 100 != 2) {
            lastStatusLine = head.statusLine();
        }
        replyMessages.reset();
        ChunkedDecoder.BodySink sink = format == Options.Format.HERALD ? replyMessages : discard;
        int off = used;
        int left = n - used;
        boolean noBody = status == 204 || status == 304 || status / 100 == 1;
        if (noBody) {
            // nothing to read
        } else if (head.chunked()) {
            ChunkedDecoder dec = new ChunkedDecoder();
            ChunkedDecoder.Result r = dec.feed(readBuf, off, left, sink);
            while (r == ChunkedDecoder.Result.MORE) {
                n = in.read(readBuf);
                if (n < 0) {
                    throw new IOException("connection closed inside a chunked reply");
                }
                r = dec.feed(readBuf, 0, n, sink);
            }
            if (r == ChunkedDecoder.Result.ERROR) {
                throw new IOException("malformed chunked reply");
            }
        } else if (head.contentLength() >= 0) {
            sink.onBody(readBuf, off, (int) Math.min(left, head.contentLength()));
            long remaining = head.contentLength() - left;
            while (remaining > 0) {
                n = in.read(readBuf, 0, (int) Math.min(readBuf.length, remaining));
                if (n < 0) {
                    throw new IOException("connection closed inside the reply body");
                }
                sink.onBody(readBuf, 0, n);
                remaining -= n;
            }
        } else {
            // Close-delimited reply: read to the end; the connection cannot be reused.
            sink.onBody(readBuf, off, left);
            while ((n = in.read(readBuf)) >= 0) {
                sink.onBody(readBuf, 0, n);
            }
            lastReplyMessages = replyMessages.count();
            close();
            return status;
        }
        lastReplyMessages = replyMessages.count();
        if (head.connectionClose()) {
            close();
        }
        return status;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already unusable
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
