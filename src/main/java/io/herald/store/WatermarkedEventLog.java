package io.herald.store;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The message log with an {@link IdWatermark} beside it: every append is recorded in the mark
 * before the append returns (so before any 201 or frame), and at start a log found behind the
 * mark is said so loudly and made to continue above it, so no id is ever handed out twice.
 */
public final class WatermarkedEventLog implements EventLog {

    private static final System.Logger LOG = System.getLogger(WatermarkedEventLog.class.getName());

    private final EventLog log;
    private final IdWatermark mark;

    private WatermarkedEventLog(EventLog log, IdWatermark mark) {
        this.log = log;
        this.mark = mark;
    }

    /**
     * Compares the log with the mark and returns the guarded log. The log's high point is its
     * greatest stored id or the greatest id retention pruned, whichever is higher (retention may
     * have emptied it); below the mark, ids continue above the mark.
     */
    public static WatermarkedEventLog guard(EventLog log, IdWatermark mark) {
        long stored = log.lastId();
        long pruned = log.floors().values().stream().mapToLong(Long::longValue).max().orElse(0);
        long high = Math.max(stored, pruned);
        long handedOut = mark.value();
        if (high < handedOut) {
            LOG.log(Level.ERROR, "The message log ends at id " + high + " but this node acknowledged ids up to "
                    + handedOut + " (recorded in " + mark.file() + "): messages " + (high + 1) + ".." + handedOut
                    + " are not in the database (it lost them in a crash, or it was restored from an older backup"
                    + " or replaced). New messages get ids from " + (handedOut + 1) + " on, so no id is given out twice.");
            log.continueAfter(handedOut);
        } else {
            mark.record(high);
        }
        return new WatermarkedEventLog(log, mark);
    }

    @Override
    public List<StoredMessage> append(List<NewMessage> batch) {
        List<StoredMessage> stored = log.append(batch);
        if (!stored.isEmpty()) {
            mark.record(stored.get(stored.size() - 1).id());
        }
        return stored;
    }

    /** The greatest id stored or ever handed out by this node. */
    @Override
    public long lastId() {
        return Math.max(log.lastId(), mark.value());
    }

    @Override
    public void continueAfter(long id) {
        log.continueAfter(id);
    }

    @Override
    public List<StoredMessage> readAfter(Set<String> channels, long afterId, long upToId, int limit) {
        return log.readAfter(channels, afterId, upToId, limit);
    }

    @Override
    public Optional<StoredMessage> find(long id) {
        return log.find(id);
    }

    @Override
    public long count() {
        return log.count();
    }

    @Override
    public List<StoredMessage> search(String channel, String text, long beforeId, int limit) {
        return log.search(channel, text, beforeId, limit);
    }

    @Override
    public Map<String, Long> pruneCandidates(Instant olderThan, int maxPerChannel) {
        return log.pruneCandidates(olderThan, maxPerChannel);
    }

    @Override
    public void pruneThrough(String channel, long through) {
        log.pruneThrough(channel, through);
    }

    @Override
    public Map<String, Long> floors() {
        return log.floors();
    }

    @Override
    public long oldestId(Set<String> channels) {
        return log.oldestId(channels);
    }

    @Override
    public List<String> channels(int limit) {
        return log.channels(limit);
    }

    @Override
    public long sizeBytes() {
        return log.sizeBytes();
    }
}
