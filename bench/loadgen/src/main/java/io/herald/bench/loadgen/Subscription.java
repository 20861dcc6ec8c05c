package io.herald.bench.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One SSE subscription on a non-blocking raw socket: connect, send the GET, read the response head,
 * then decode the body (chunked, length-delimited or close-delimited) into the SSE parser, and
 * count what arrives. Owned by exactly one {@link IoLoop} thread, so nothing here is synchronised.
 *
 * <p>Per-connection memory is what matters at 19,000 connections: the read buffer belongs to the
 * loop, the head parser is dropped once the head is in, and the rest is a few fields.
 */
final class Subscription implements SseParser.Sink, ChunkedDecoder.BodySink {

    private static final int CONNECTING = 0;
    private static final int HEAD = 1;
    private static final int BODY = 2;
    private static final int CLOSED = 3;

    private final IoLoop loop;
    private final SeqTracker tracker;
    private final SseParser parser = new SseParser(this);
    private SocketChannel channel;
    private SelectionKey key;
    private int state = CONNECTING;
    private ByteBuffer pendingRequest;
    private HttpHead head;
    private ChunkedDecoder chunked;
    /** Body bytes still expected when the response has a Content-Length, else -1. */
    private long bodyRemaining = -1;
    private boolean established;
    private boolean completed;
    long connectStartNanos;

    Subscription(IoLoop loop, int expectedMessages) {
        this.loop = loop;
        this.tracker = new SeqTracker(expectedMessages);
    }

    SeqTracker tracker() {
        return tracker;
    }

    boolean established() {
        return established;
    }

    boolean completed() {
        return completed;
    }

    boolean closed() {
        return state == CLOSED;
    }

    /** Starts a non-blocking connect from {@code local}; failures are reported, not thrown. */
    void open(Selector selector, InetSocketAddress local, InetSocketAddress remote, byte[] request) {
        connectStartNanos = System.nanoTime();
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.bind(local);
            pendingRequest = ByteBuffer.wrap(request);
            head = new HttpHead();
            if (channel.connect(remote)) {
                key = channel.register(selector, 0, this);
                sendRequest();
            } else {
                key = channel.register(selector, SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException | RuntimeException e) {
            fail("connect: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Called by the loop for a ready key. */
    void onReady(SelectionKey k) {
        try {
            if (k.isConnectable()) {
                channel.finishConnect();
                sendRequest();
                return;
            }
            if (k.isWritable()) {
                sendRequest();
            }
            if (k.isReadable()) {
                read();
            }
        } catch (IOException | RuntimeException e) {
            if (established) {
                end("reset: " + e.getClass().getSimpleName(), e);
            } else {
                fail(state == CONNECTING ? "connect: " + e.getClass().getSimpleName() : "head: " + e.getMessage(), e);
            }
        }
    }

    private void sendRequest() throws IOException {
        channel.write(pendingRequest);
        if (pendingRequest.hasRemaining()) {
            key.interestOps(SelectionKey.OP_WRITE);
            return;
        }
        pendingRequest = null;
        state = HEAD;
        key.interestOps(SelectionKey.OP_READ);
    }

    private void read() throws IOException {
        ByteBuffer buf = loop.readBuffer;
        byte[] a = buf.array();
        while (state == HEAD || state == BODY) {
            buf.clear();
            int n = channel.read(buf);
            if (n < 0) {
                if (established) {
                    end("server closed the stream", null);
                } else {
                    fail("head: connection closed", null);
                }
                return;
            }
            if (n == 0) {
                return;
            }
            loop.now = System.nanoTime(); // one clock read per read, not per event
            onBytes(a, 0, n);
            if (n < a.length) {
                return; // drained for now; a full buffer means there may be more
            }
        }
    }

    private void onBytes(byte[] a, int off, int n) {
        if (state == HEAD) {
            int used = head.feed(a, off, n);
            if (used < 0) {
                return;
            }
            if (head.status() != 200) {
                fail("status " + head.status(), null, head.statusLine());
                return;
            }
            established = true;
            state = BODY;
            chunked = head.chunked() ? new ChunkedDecoder() : null;
            bodyRemaining = head.chunked() ? -1 : head.contentLength();
            head = null;
            loop.onEstablished(this);
            off += used;
            n -= used;
        }
        if (n <= 0 || state != BODY) {
            return;
        }
        if (chunked != null) {
            if (chunked.feed(a, off, n, this) != ChunkedDecoder.Result.MORE && state == BODY) {
                end("server ended the chunked body", null);
            }
        } else if (bodyRemaining >= 0) {
            int take = (int) Math.min(n, bodyRemaining);
            parser.feed(a, off, take);
            bodyRemaining -= take;
            if (bodyRemaining == 0 && state == BODY) {
                end("server ended the body", null);
            }
        } else {
            parser.feed(a, off, n);
        }
    }

    @Override
    public void onBody(byte[] b, int off, int len) {
        parser.feed(b, off, len);
    }

    @Override
    public void onEvent(byte[] type, int typeLen, byte[] data, int dataLen, byte[] lastId, int lastIdLen) {
        Payload.Parsed p = loop.parsed;
        if (!Payload.parse(data, dataLen, p)) {
            loop.stats.otherEvents++;
            return;
        }
        if (p.seq == 0) {
            loop.stats.warmup++;
            return;
        }
        if (p.sendNanos < loop.runStartNanos) {
            loop.stats.foreign++;
            return;
        }
        loop.onDelivery(this, p.sendNanos, tracker.record(p.seq));
        if (!completed && tracker.complete()) {
            completed = true;
            loop.onCompleted(this);
        }
    }

    /** Connect or head failed: count it, close, and let the waiting phases move on. */
    private void fail(String what, Exception e) {
        fail(what, e, null);
    }

    private void fail(String what, Exception e, String detail) {
        if (state == CLOSED) {
            return;
        }
        closeChannel();
        loop.onFailed(this, what, e != null ? e.toString() : detail);
    }

    /** An established stream ended. */
    private void end(String why, Exception e) {
        if (state == CLOSED) {
            return;
        }
        closeChannel();
        loop.onEnded(this, why, e);
    }

    void closeChannel() {
        state = CLOSED;
        head = null;
        pendingRequest = null;
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a socket we are done with; nothing to do about a failure
            }
        }
    }
}
