package io.herald.bench.loadgen;

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

    private final LoopbackUrl url;
    private final Options.Format format;
    private final String channel;
    private final InetSocketAddress local;
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
        this.url = url;
        this.timeoutMillis = timeoutMillis;
        this.format = format;
        this.channel = channel;
        this.local = local;
    }

    /** The request body for a payload in the configured format. */
    byte[] body(byte[] payload) {
        if (format == Options.Format.RAW) {
            return payload;
        }
        return message(new StringBuilder(payload.length + channel.length() + 24), payload)
                .toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A batch: one JSON array of the herald format's objects, in payload order. */
    byte[] body(byte[][] payloads) {
        if (format == Options.Format.RAW) {
            throw new IllegalStateException("batches need the herald format");
        }
        StringBuilder sb = new StringBuilder(2 + payloads.length * (payloads[0].length + channel.length() + 25));
        sb.append('[');
        for (int i = 0; i < payloads.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            message(sb, payloads[i]);
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
        long now = System.nanoTime();
        if (socket != null && now - lastUsedNanos > MAX_IDLE_NANOS) {
            close();
        }
        if (socket == null) {
            connect();
        }
        try {
            out.write(header(body.length));
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
        out = new java.io.BufferedOutputStream(s.getOutputStream(), 4096);
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
