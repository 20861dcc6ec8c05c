package io.herald.bench.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * One selector thread and the subscriptions it owns. It opens its subscriptions itself, at most
 * {@code maxInFlight} connects outstanding at a time (thousands of simultaneous SYNs overflow the
 * server's accept backlog, and the kernel then retries after a whole second, which would be
 * measured as connect time), then reads and parses their streams.
 *
 * <p>Everything a subscription touches while handling a read lives here, per thread: the read
 * buffer, the payload scratch object, the histograms and counters, so the hot path has no locks,
 * no allocation and no sharing between cores.
 */
final class IoLoop implements Runnable {

    /** 64 KiB: many frames per read when a connection is behind, one syscall instead of many. */
    final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    final Payload.Parsed parsed = new Payload.Parsed();
    final ShardResult stats = new ShardResult();
    final long runStartNanos;
    /** Time of the current read, stamped once per read. */
    long now;

    private final SubscriberShard shard;
    private final Selector selector;
    private final List<Subscription> subs = new ArrayList<>();
    private final LocalAddresses locals;
    private final InetSocketAddress remote;
    private final byte[] request;
    private final int maxInFlight;
    private final boolean recordLatency;
    private int nextToOpen;
    private int inFlight;
    private volatile boolean stopping;
    private final Thread thread;

    IoLoop(SubscriberShard shard, int index, ShardConfig cfg) throws IOException {
        this.shard = shard;
        this.selector = Selector.open();
        this.runStartNanos = cfg.runStartNanos;
        this.locals = new LocalAddresses(cfg.addressOffset + index * 37);
        this.remote = cfg.url.address;
        this.request = cfg.request;
        this.maxInFlight = Math.max(1, cfg.maxInFlight);
        this.recordLatency = cfg.recordLatency;
        this.thread = new Thread(this, "sse-loop-" + index);
        this.thread.setDaemon(true);
    }

    void add(Subscription s) {
        subs.add(s);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                openMore();
                // select(Consumer) skips the selected-key HashSet: one less hash operation per
                // ready channel, which is per delivery here.
                selector.select(this::ready, 100);
            }
        } catch (IOException | RuntimeException e) {
            if (stats.firstError == null) {
                stats.firstError = "selector loop: " + e;
            }
        } finally {
            for (Subscription s : subs) {
                s.closeChannel();
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // the loop is finished either way
            }
        }
    }

    private void ready(java.nio.channels.SelectionKey k) {
        try {
            ((Subscription) k.attachment()).onReady(k);
        } catch (CancelledKeyException ignored) {
            // closed by an earlier event in the same batch
        }
    }

    private void openMore() {
        while (inFlight < maxInFlight && nextToOpen < subs.size() && !stopping) {
            Subscription s = subs.get(nextToOpen++);
            inFlight++;
            if (stats.firstConnectStartNanos == Long.MAX_VALUE) {
                stats.firstConnectStartNanos = System.nanoTime();
            }
            s.open(selector, locals.next(), remote, request);
        }
    }

    void onEstablished(Subscription s) {
        inFlight--;
        long t = System.nanoTime();
        stats.connected++;
        stats.connect.record(t - s.connectStartNanos);
        stats.lastConnectedNanos = t;
        shard.connectedOne(true);
    }

    void onFailed(Subscription s, String what, String detail) {
        inFlight--;
        stats.connectFailed++;
        stats.fail(what);
        if (stats.firstError == null) {
            stats.firstError = what + (detail == null ? "" : " (" + detail + ")");
        }
        shard.connectedOne(false);
        shard.settledOne();
    }

    void onEnded(Subscription s, String why, Exception e) {
        stats.disconnects++;
        stats.fail("ended: " + why);
        if (stats.firstError == null && e != null) {
            stats.firstError = why + " (" + e + ")";
        }
        if (!s.completed()) {
            shard.settledOne();
        }
    }

    void onDelivery(Subscription s, long sendNanos, boolean first) {
        stats.deliveries++;
        if (now < stats.firstDeliveryNanos) {
            stats.firstDeliveryNanos = now;
        }
        stats.lastDeliveryNanos = now;
        if (first && recordLatency) {
            stats.latency.record(now - sendNanos);
        }
    }

    void onCompleted(Subscription s) {
        stats.lastCompleteNanos = Math.max(stats.lastCompleteNanos, now);
        stats.complete.record(now - s.connectStartNanos);
        shard.settledOne();
    }

    /** Asks the thread to close everything and end; {@link #join} waits for it. */
    void stop() {
        stopping = true;
        selector.wakeup();
    }

    void join(long millis) throws InterruptedException {
        thread.join(Math.max(1, millis));
    }

    boolean alive() {
        return thread.isAlive();
    }

    /** Adds this loop's subscribers' per-connection counts to its stats. Call after join. */
    ShardResult collect() {
        ShardResult r = stats;
        r.subscribers = subs.size();
        for (Subscription s : subs) {
            SeqTracker t = s.tracker();
            r.distinct += t.distinct();
            r.missing += t.missing();
            r.duplicates += t.duplicates();
            r.outOfOrder += t.outOfOrder();
            r.outOfRange += t.outOfRange();
            if (s.completed()) {
                r.completed++;
            }
        }
        return r;
    }
}
