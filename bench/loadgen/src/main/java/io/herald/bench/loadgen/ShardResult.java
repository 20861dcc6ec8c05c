package io.herald.bench.loadgen;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a set of subscribers saw: counters, extreme timestamps and histograms. Mergeable, so the
 * selector threads of one process and the shard processes of one run add up to one result, and
 * serialisable, so a child process can hand its result to the coordinator as one JSON line.
 * Timestamps are System.nanoTime() values (CLOCK_MONOTONIC), comparable across processes.
 */
final class ShardResult {

    long subscribers;
    long connected;
    long connectFailed;
    /** Streams that ended (server closed or finished the body) after they were established. */
    long disconnects;
    /** Events carrying our payload, duplicates included. */
    long deliveries;
    long distinct;
    long missing;
    long duplicates;
    long outOfOrder;
    long outOfRange;
    /** Our payload, but sent before this run started: left over from an earlier run on the channel. */
    long foreign;
    /** Warm-up messages (seq 0) received; not counted anywhere else. */
    long warmup;
    /** Events that are not ours (e.g. a server's own close or reset events). */
    long otherEvents;
    /** Subscribers that received every expected message. */
    long completed;
    long firstConnectStartNanos = Long.MAX_VALUE;
    long lastConnectedNanos = Long.MIN_VALUE;
    long firstDeliveryNanos = Long.MAX_VALUE;
    long lastDeliveryNanos = Long.MIN_VALUE;
    long lastCompleteNanos = Long.MIN_VALUE;
    /** Publish-to-receive latency of each first receipt, ns. */
    Histogram latency = new Histogram();
    /** Connect start to response head, ns, per established subscriber. */
    Histogram connect = new Histogram();
    /** Connect start to having every expected message, ns, per completed subscriber (catch-up). */
    Histogram complete = new Histogram();
    /** Non-200 statuses and error classes with their counts. */
    final Map<String, Long> failures = new TreeMap<>();
    String firstError;

    void fail(String what) {
        failures.merge(what, 1L, Long::sum);
    }

    void merge(ShardResult o) {
        subscribers += o.subscribers;
        connected += o.connected;
        connectFailed += o.connectFailed;
        disconnects += o.disconnects;
        deliveries += o.deliveries;
        distinct += o.distinct;
        missing += o.missing;
        duplicates += o.duplicates;
        outOfOrder += o.outOfOrder;
        outOfRange += o.outOfRange;
        foreign += o.foreign;
        warmup += o.warmup;
        otherEvents += o.otherEvents;
        completed += o.completed;
        firstConnectStartNanos = Math.min(firstConnectStartNanos, o.firstConnectStartNanos);
        lastConnectedNanos = Math.max(lastConnectedNanos, o.lastConnectedNanos);
        firstDeliveryNanos = Math.min(firstDeliveryNanos, o.firstDeliveryNanos);
        lastDeliveryNanos = Math.max(lastDeliveryNanos, o.lastDeliveryNanos);
        lastCompleteNanos = Math.max(lastCompleteNanos, o.lastCompleteNanos);
        latency.merge(o.latency);
        connect.merge(o.connect);
        complete.merge(o.complete);
        o.failures.forEach((k, v) -> failures.merge(k, v, Long::sum));
        if (firstError == null) {
            firstError = o.firstError;
        }
    }

    Json.Obj toJson() {
        Json.Obj f = new Json.Obj();
        failures.forEach(f::put);
        return new Json.Obj()
                .put("subscribers", subscribers)
                .put("connected", connected)
                .put("connectFailed", connectFailed)
                .put("disconnects", disconnects)
                .put("deliveries", deliveries)
                .put("distinct", distinct)
                .put("missing", missing)
                .put("duplicates", duplicates)
                .put("outOfOrder", outOfOrder)
                .put("outOfRange", outOfRange)
                .put("foreign", foreign)
                .put("warmup", warmup)
                .put("otherEvents", otherEvents)
                .put("completed", completed)
                .put("firstConnectStartNanos", firstConnectStartNanos)
                .put("lastConnectedNanos", lastConnectedNanos)
                .put("firstDeliveryNanos", firstDeliveryNanos)
                .put("lastDeliveryNanos", lastDeliveryNanos)
                .put("lastCompleteNanos", lastCompleteNanos)
                .put("latency", latency.toJson())
                .put("connect", connect.toJson())
                .put("complete", complete.toJson())
                .put("failures", f)
                .put("firstError", firstError);
    }

    static ShardResult fromJson(Json.Obj o) {
        ShardResult r = new ShardResult();
        r.subscribers = o.num("subscribers").longValue();
        r.connected = o.num("connected").longValue();
        r.connectFailed = o.num("connectFailed").longValue();
        r.disconnects = o.num("disconnects").longValue();
        r.deliveries = o.num("deliveries").longValue();
        r.distinct = o.num("distinct").longValue();
        r.missing = o.num("missing").longValue();
        r.duplicates = o.num("duplicates").longValue();
        r.outOfOrder = o.num("outOfOrder").longValue();
        r.outOfRange = o.num("outOfRange").longValue();
        r.foreign = o.num("foreign").longValue();
        r.warmup = o.num("warmup").longValue();
        r.otherEvents = o.num("otherEvents").longValue();
        r.completed = o.num("completed").longValue();
        r.firstConnectStartNanos = o.num("firstConnectStartNanos").longValue();
        r.lastConnectedNanos = o.num("lastConnectedNanos").longValue();
        r.firstDeliveryNanos = o.num("firstDeliveryNanos").longValue();
        r.lastDeliveryNanos = o.num("lastDeliveryNanos").longValue();
        r.lastCompleteNanos = o.num("lastCompleteNanos").longValue();
        r.latency = Histogram.fromJson(o.obj("latency"));
        r.connect = Histogram.fromJson(o.obj("connect"));
        r.complete = Histogram.fromJson(o.obj("complete"));
        o.obj("failures").map.forEach((k, v) -> r.failures.put(k, ((Number) v).longValue()));
        r.firstError = o.str("firstError");
        return r;
    }
}
