package io.herald.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A subscriber on a bare socket, for what an HTTP library hides: a client that stops reading
 * (tiny receive buffer, no reads until told), and one that vanishes with a FIN. Reading decodes
 * HTTP/1.1 chunked framing and feeds {@link SseParser}.
 */
public final class RawSseClient implements AutoCloseable {

    private final Socket socket;
    private final List<SseParser.Event> events = new ArrayList<>();
    private final SseParser parser = new SseParser(events::add);
    private InputStream in;
    private boolean ended;

    private RawSseClient(Socket socket) {
        this.socket = socket;
    }

    /** Connects and sends the request; reads nothing yet. {@code receiveBuffer} 0 keeps the OS default. */
    public static RawSseClient connect(int port, String pathAndQuery, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new RawSseClient(socket);
    }

    /** Reads the response head; returns the status code. */
    public int readHead() throws IOException {
        in = socket.getInputStream();
        String status = line();
        String header;
        boolean chunked = false;
        while (status != null && (header = line()) != null && !header.isEmpty()) {
            String lower = header.toLowerCase(Locale.ROOT);
            chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
        }
        if (status == null) {
            throw new IOException("connection closed before the response head");
        }
        if (!chunked) {
            throw new IOException("expected a chunked stream, got: " + status);
        }
        return Integer.parseInt(status.split(" ")[1]);
    }

    /** Reads chunks until the server ends the stream (last chunk or EOF); returns the events read. */
    public List<SseParser.Event> readToEnd() throws IOException {
        while (!ended) {
            readChunk();
        }
        return events;
    }

    private void readChunk() throws IOException {
        String sizeLine = line();
        if (sizeLine == null) {
            ended = true;
            return;
        }
        int semicolon = sizeLine.indexOf(';');
        int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
        if (size == 0) {
            ended = true;
            return;
        }
        byte[] chunk = in.readNBytes(size);
        parser.feed(chunk, 0, chunk.length);
        if (chunk.length < size) {
            ended = true;
            return;
        }
        line();
    }

    /** Reads chunks until {@code count} events have arrived in all, or the stream ends; returns the events read. */
    public List<SseParser.Event> readEvents(int count) throws IOException {
        while (!ended && events.size() < count) {
            readChunk();
        }
        return events;
    }

    public String lastEventId() {
        return parser.lastEventId();
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = bytes.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            bytes.write(b);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
