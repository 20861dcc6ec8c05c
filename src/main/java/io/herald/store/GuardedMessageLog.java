package io.herald.store;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The message log with what guards it against a database that comes back behind what Herald
 * acknowledged: every appended batch is written to the {@link MessageJournal} (embedded H2 only)
 * and its last id to the {@link IdWatermark} before the append returns, and forced to disk by
 * {@link #forceAppended} (with {@code herald.store.fsync}), so before any 201 or frame.
 * At start after an unclean stop (the journal is emptied only when H2 closed cleanly), the
 * database's indexes are rebuilt and every journaled message it lost is put back; a log still
 * behind the mark is said so loudly and made to continue above it, so no id is ever handed out twice.
 */
public final class GuardedMessageLog extends ForwardingMessageLog {

    private static final System.Logger LOG = System.getLogger(GuardedMessageLog.class.getName());

    private final MessageLog log;
    private final IdWatermark mark;
    private final MessageJournal journal;

    private GuardedMessageLog(MessageLog log, IdWatermark mark, MessageJournal journal) {
        super(log);
        this.log = log;
        this.mark = mark;
        this.journal = journal;
    }

    /**
     * Compares the log with the mark and returns the guarded log. The log's high point is its
     * greatest stored id or the greatest id retention pruned, whichever is higher (retention may
     * have emptied it); below the mark, ids continue above the mark.
     */
    public static GuardedMessageLog guard(MessageLog log, IdWatermark mark, MessageJournal journal) {
        Map<String, Long> floors = log.floors();
        long pruned = floors.values().stream().mapToLong(Long::longValue).max().orElse(0);
        if (journal != null) {
            List<Journaled> journaled = journal.readAll();
            if (!journaled.isEmpty()) {
                recover(log, journaled, floors);
            }
        }
        long high = Math.max(log.lastId(), pruned);
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
        return new GuardedMessageLog(log, mark, journal);
    }

    /**
     * After an unclean stop: rebuilds the indexes (H2 can reopen with an index behind its table),
     * then puts back every journaled message the database does not hold by id, wherever it lost
     * it, except those retention pruned (at or below their channel's floor).
     */
    private static void recover(MessageLog log, List<Journaled> journaled, Map<String, Long> floors) {
        long started = System.nanoTime();
        int rebuilt = log.rebuildIndexes();
        LOG.log(Level.WARNING, "Herald was not stopped cleanly (its message journal is not empty): rebuilt " + rebuilt
                + " database index(es) in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        List<Journaled> candidates = journaled.stream()
                .filter(j -> j.message().id() > floors.getOrDefault(j.message().channel(), 0L)).toList();
        List<StoredMessage> lost = candidates.isEmpty() ? List.of() : log.restore(candidates);
        if (lost.isEmpty()) {
            return;
        }
        log.continueAfter(lost.get(lost.size() - 1).id());
        LOG.log(Level.WARNING, "The database came back without " + lost.size() + " acknowledged message(s), ids "
                + lost.get(0).id() + ".." + lost.get(lost.size() - 1).id() + " (the process was killed, and H2 reopened at an"
                + " older version of its file): put back from the message journal");
    }

    /** Journals and marks only what was stored now: a replayed message was journaled when it was stored. */
    @Override
    public List<List<Appended>> appendAll(List<List<NewMessage>> publications) {
        List<List<Appended>> results = log.appendAll(publications);
        List<Journaled> stored = new ArrayList<>();
        for (int p = 0; p < results.size(); p++) {
            List<Appended> outcomes = results.get(p);
            for (int i = 0; i < outcomes.size(); i++) {
                if (outcomes.get(i).isStored()) {
                    stored.add(new Journaled(outcomes.get(i).message(), publications.get(p).get(i).key()));
                }
            }
        }
        if (!stored.isEmpty()) {
            if (journal != null) {
                if (journal.rotationDue()) {
                    log.sync();
                    journal.rotate();
                }
                journal.append(stored);
            }
            mark.record(stored.get(stored.size() - 1).message().id());
        }
        return results;
    }

    /** True with a journal that forces to disk: its appends are written, not yet forced, when {@link #appendAll} returns. */
    @Override
    public boolean defersForce() {
        return journal != null && journal.forces();
    }

    @Override
    public void forceAppended() {
        if (journal != null) {
            journal.force();
        }
    }

    /** The greatest id stored or ever handed out by this node. */
    @Override
    public long lastId() {
        return Math.max(log.lastId(), mark.value());
    }
}
