package io.herald.admin;

import com.google.gson.JsonObject;
import io.herald.http.JsonReply;
import io.herald.hub.CloseReason;
import io.herald.hub.Hub;
import io.herald.hub.NamedThreads;
import io.herald.protocol.Frames;
import io.herald.store.MessageHistory;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's numbers: one sample a second, the last 15 minutes kept in memory, each sample
 * also sent to the dashboard's own stream ({@link #CHANNEL}, not stored). Store figures (message
 * count, database size) are read every 15 seconds: counting rows every second would cost the
 * database more than the dashboard is worth.
 */
public final class Stats implements AutoCloseable {

    /** The reserved channel of the dashboard stream: {@code $} is not allowed in client channel names. */
    public static final String CHANNEL = "$admin";
    static final int HISTORY_SECONDS = 15 * 60;
    private static final int STORE_EVERY_SECONDS = 15;
    private static final System.Logger LOG = System.getLogger(Stats.class.getName());

    /** One second of the hub. Rates are per second over the second before {@code time}. */
    public record Sample(long time, int connections, double publishedPerSecond, double framesPerSecond,
            long slowConsumerDisconnects, long storedMessages, long databaseBytes) {
    }

    private final Hub hub;
    private final MessageHistory log;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "herald-stats");
        t.setDaemon(true);
        return t;
    });
    private final ArrayDeque<Sample> history = new ArrayDeque<>();
    private long lastNanos;
    private long lastPublished;
    private long lastFrames;
    private long storedMessages = -1;
    private long databaseBytes = -1;
    private int tick;

    public Stats(Hub hub, MessageHistory log) {
        this.hub = hub;
        this.log = log;
    }

    public void start() {
        lastNanos = System.nanoTime();
        lastPublished = hub.gauges().publishedCount();
        lastFrames = hub.gauges().traffic().framesQueued();
        readStore();
        timer.scheduleAtFixedRate(this::sampleSafely, 1, 1, TimeUnit.SECONDS);
    }

    private void sampleSafely() {
        try {
            Sample sample = sample();
            hub.sendTransient(CHANNEL, Frames.encode("stats", JsonReply.GSON.toJson(json(sample, hub.gauges().subscriberCounts())), null));
        } catch (RuntimeException | Error e) {
            // Anything thrown out of a scheduled task would end its schedule for good.
            LOG.log(Level.WARNING, "dashboard sample failed: " + e, e);
        }
    }

    private Sample sample() {
        if (++tick % STORE_EVERY_SECONDS == 0) {
            readStore();
        }
        long now = System.nanoTime();
        long published = hub.gauges().publishedCount();
        long frames = hub.gauges().traffic().framesQueued();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        Sample sample = new Sample(System.currentTimeMillis(), hub.gauges().connectionCount(),
                (published - lastPublished) / seconds, (frames - lastFrames) / seconds,
                hub.gauges().traffic().closedCount(CloseReason.SLOW_CONSUMER), storedMessages, databaseBytes);
        lastNanos = now;
        lastPublished = published;
        lastFrames = frames;
        synchronized (history) {
            history.addLast(sample);
            while (history.size() > HISTORY_SECONDS) {
                history.removeFirst();
            }
        }
        return sample;
    }

    private void readStore() {
        try {
            storedMessages = log.count();
            databaseBytes = log.sizeBytes();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "reading store figures for the dashboard failed: " + e, e);
        }
    }

    /** The samples of the last 15 minutes, oldest first. */
    public List<Sample> history() {
        synchronized (history) {
            return new ArrayList<>(history);
        }
    }

    /** Figures right now (not waiting for the next sample). */
    public Sample now() {
        Sample last;
        synchronized (history) {
            last = history.peekLast();
        }
        return new Sample(System.currentTimeMillis(), hub.gauges().connectionCount(),
                last == null ? 0 : last.publishedPerSecond(), last == null ? 0 : last.framesPerSecond(),
                hub.gauges().traffic().closedCount(CloseReason.SLOW_CONSUMER), storedMessages, databaseBytes);
    }

    static JsonObject json(Sample s, Map<String, Integer> perChannel) {
        JsonObject o = new JsonObject();
        o.addProperty("time", s.time());
        o.addProperty("connections", s.connections());
        o.addProperty("publishedPerSecond", round(s.publishedPerSecond()));
        o.addProperty("framesPerSecond", round(s.framesPerSecond()));
        o.addProperty("slowConsumerDisconnects", s.slowConsumerDisconnects());
        o.addProperty("storedMessages", s.storedMessages());
        o.addProperty("databaseBytes", s.databaseBytes());
        if (perChannel != null) {
            JsonObject channels = new JsonObject();
            new TreeMap<>(perChannel).forEach((k, v) -> {
                if (!k.equals(CHANNEL)) {
                    channels.addProperty(k, v);
                }
            });
            o.add("channels", channels);
        }
        return o;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    @Override
    public void close() {
        NamedThreads.stop(timer, "stats", 10_000);
    }
}
