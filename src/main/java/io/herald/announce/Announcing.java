package io.herald.announce;

import io.herald.store.MessageLog;
import io.herald.store.ReceiptStore;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Everything about announcements, built before the hub (which reports fan-out to the receipts and
 * asks the audiences who each message is for): the announcements in force, their audiences, and
 * the receipts of those that ask for acknowledgement.
 */
public final class Announcing {

    /** How often receipts and directory entries queued on the message path are written. */
    private static final long RECEIPTS_FLUSH_MILLIS = 250;

    private final Announcements announcements;
    private final AnnouncementAudiences audiences = new AnnouncementAudiences();
    private final Receipts receipts;

    public Announcing(MessageLog log, ReceiptStore store, Clock clock) {
        this.announcements = new Announcements(log, clock);
        this.receipts = new Receipts(store, clock, RECEIPTS_FLUSH_MILLIS);
    }

    /** Learns the announcements in force on the default channel, then starts writing receipts. */
    public void start() {
        List<Announcement> inForce = announcements.inForce(Set.of(Announcement.DEFAULT_CHANNEL)).announcements();
        receipts.track(inForce);
        audiences.learn(inForce);
        receipts.start();
    }

    /** Writes the receipts still queued. */
    public void stop() {
        receipts.stop();
    }

    public Announcements announcements() {
        return announcements;
    }

    public AnnouncementAudiences audiences() {
        return audiences;
    }

    public Receipts receipts() {
        return receipts;
    }
}
