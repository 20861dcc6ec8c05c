package io.herald.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Herald's own write-ahead of the messages it acknowledges on an embedded H2 database. H2 2.x
 * (MVStore) can reopen after a killed process at a version older than its last writes: when a
 * chunk lands in reused space, the file header it rewrites still names the chunk before, and
 * recovery stops there (docs/reliability.md). So every appended batch is also written here, in
 * one {@code write} per batch, and forced to disk ({@link #force}, with {@code herald.store.fsync})
 * before the publishers get their 201s; at start, what the database lost is put back from here.
 *
 * <p>Two segment files take turns: a segment is emptied only after the database was forced to disk
 * ({@code CHECKPOINT SYNC}) and the other segment has taken at least {@link #ROTATE_BYTES} bytes
 * and {@link #ROTATE_BATCHES} batches, so the journal always holds everything since the
 * database's last sync and far more than H2's recovery can drop (H2 rewrites its header at least
 * every 20 versions). A clean {@code SHUTDOWN} of the database empties both. The records' format
 * is {@link JournalRecords}'.
 */
public final class MessageJournal implements AutoCloseable {

    static final long ROTATE_BYTES = 64L * 1024 * 1024;
    static final int ROTATE_BATCHES = 200;

    private final Path[] segments;
    private final boolean force;
    private FileChannel current;
    private int currentIndex;
    private long batchesInCurrent;

    private MessageJournal(Path[] segments, boolean force) {
        this.segments = segments;
        this.force = force;
    }

    /**
     * Opens the journal {@code base}.a / {@code base}.b; {@code force}: every batch is forced to
     * disk before it is acknowledged (survives power loss, not only a killed process).
     */
    public static MessageJournal open(Path base, boolean force) {
        Path[] segments = {base.resolveSibling(base.getFileName() + ".a"), base.resolveSibling(base.getFileName() + ".b")};
        MessageJournal journal = new MessageJournal(segments, force);
        try {
            Files.createDirectories(base.toAbsolutePath().getParent());
            // Continue the segment with the newest record, from the end of its last whole record.
            JournalRecords.Read a = JournalRecords.read(segments[0]);
            JournalRecords.Read b = JournalRecords.read(segments[1]);
            journal.currentIndex = b.lastId() > a.lastId() ? 1 : 0;
            JournalRecords.Read chosen = journal.currentIndex == 0 ? a : b;
            journal.current = FileChannel.open(segments[journal.currentIndex], StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            journal.current.truncate(chosen.validBytes());
            journal.current.position(chosen.validBytes());
            // Batches before the restart are not counted: the segment waits for ROTATE_BATCHES new ones.
            journal.batchesInCurrent = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("opening the message journal " + base, e);
        }
        return journal;
    }

    /** Every whole record in both segments, ids ascending. */
    public synchronized List<Journaled> readAll() {
        try {
            List<Journaled> all = new ArrayList<>(JournalRecords.read(segments[0]).messages());
            all.addAll(JournalRecords.read(segments[1]).messages());
            all.sort(Comparator.comparingLong(j -> j.message().id()));
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the message journal " + segments[0], e);
        }
    }

    /**
     * Forces to disk every batch {@link #append} wrote before this call, if so configured (a no-op
     * otherwise). Not under the journal's lock: appends go on while the disk works. A segment
     * rotated away meanwhile was forced by {@link #rotate}.
     */
    public void force() {
        if (!force) {
            return;
        }
        FileChannel channel;
        synchronized (this) {
            channel = current;
        }
        try {
            channel.force(false);
        } catch (ClosedChannelException e) {
            if (channel.isOpen()) {
                throw new UncheckedIOException("forcing the message journal to disk", e);
            }
            // Rotated (or cleared at the stop) after it was read above: rotate() forced it before closing.
        } catch (IOException e) {
            throw new UncheckedIOException("forcing the message journal " + segments[currentIndex] + " to disk", e);
        }
    }

    /** Whether {@link #force} forces anything ({@code herald.store.fsync}). */
    public boolean forces() {
        return force;
    }

    /** Writes the stored batch in one write; {@link #force} puts it on disk. */
    public synchronized void append(List<Journaled> batch) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(batch.size() * 128);
            DataOutputStream out = new DataOutputStream(bytes);
            for (Journaled j : batch) {
                JournalRecords.write(j, out);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            while (buffer.hasRemaining()) {
                current.write(buffer);
            }
            batchesInCurrent++;
        } catch (IOException e) {
            throw new UncheckedIOException("writing ids " + batch.get(0).message().id() + ".."
                    + batch.get(batch.size() - 1).message().id()
                    + " to the message journal " + segments[currentIndex], e);
        }
    }

    /** True when the current segment is full: force the database to disk, then {@link #rotate}. */
    public synchronized boolean rotationDue() {
        try {
            return current.position() >= ROTATE_BYTES && batchesInCurrent >= ROTATE_BATCHES;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the position of the message journal " + segments[currentIndex], e);
        }
    }

    /**
     * Empties the other segment and writes on there. Call it only after the database was forced to
     * disk: the emptied segment's messages are then on disk in the database, and older than every
     * version H2's recovery could drop, which are all in the segment kept.
     */
    public synchronized void rotate() {
        try {
            current.force(false);
            current.close();
            currentIndex = 1 - currentIndex;
            current = FileChannel.open(segments[currentIndex], StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            batchesInCurrent = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("switching the message journal to " + segments[1 - currentIndex], e);
        }
    }

    /** Empties both segments: for after the database was closed cleanly, when it holds everything. */
    public synchronized void clear() {
        try {
            current.truncate(0);
            current.force(false);
            try (FileChannel other = FileChannel.open(segments[1 - currentIndex], StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                other.truncate(0);
                other.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("emptying the message journal " + segments[0], e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (current.isOpen()) {
                current.force(false);
                current.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing the message journal " + segments[currentIndex], e);
        }
    }
}
