package io.herald.store;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Herald's own write-ahead of the messages it acknowledges on an embedded H2 database. H2 2.x
 * (MVStore) can reopen after a killed process at a version older than its last writes: when a
 * chunk lands in reused space, the file header it rewrites still names the chunk before, and
 * recovery stops there (docs/reliability.md). So every appended batch is also written here, in
 * one {@code write} per batch (optionally forced to disk), before the publishers get their 201s;
 * at start, what the database lost is put back from here.
 *
 * <p>Two segment files take turns: a segment is emptied only after the database was forced to disk
 * ({@code CHECKPOINT SYNC}) and the other segment has taken at least {@link #ROTATE_BYTES} bytes
 * and {@link #ROTATE_BATCHES} batches, so the journal always holds everything since the
 * database's last sync and far more than H2's recovery can drop (H2 rewrites its header at least
 * every 20 versions). A clean {@code SHUTDOWN} of the database empties both.
 *
 * <p>A record: {@code int length, int crc32, payload}; payload: {@code long id, long createdAt
 * (ms), UTF channel, boolean hasEvent, [UTF event], int n, n bytes of UTF-8 data}, then, for a
 * message published with an idempotency key, {@code UTF publisher, UTF key} (a payload that ends
 * after the data has none, as every record written before keys existed). A record cut short by a
 * crash fails its length or CRC: reading stops there.
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
            Read a = read(segments[0]);
            Read b = read(segments[1]);
            journal.currentIndex = b.lastId() > a.lastId() ? 1 : 0;
            Read chosen = journal.currentIndex == 0 ? a : b;
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
            List<Journaled> all = new ArrayList<>(read(segments[0]).messages());
            all.addAll(read(segments[1]).messages());
            all.sort(java.util.Comparator.comparingLong(j -> j.message().id()));
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the message journal " + segments[0], e);
        }
    }

    /** Writes the stored batch in one write (and forces it, if so configured). */
    public synchronized void append(List<Journaled> batch) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(batch.size() * 128);
            DataOutputStream out = new DataOutputStream(bytes);
            for (Journaled j : batch) {
                byte[] payload = payload(j);
                CRC32 crc = new CRC32();
                crc.update(payload);
                out.writeInt(payload.length);
                out.writeInt((int) crc.getValue());
                out.write(payload);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            while (buffer.hasRemaining()) {
                current.write(buffer);
            }
            if (force) {
                current.force(false);
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

    private static byte[] payload(Journaled j) throws IOException {
        StoredMessage m = j.message();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + m.data().length());
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeLong(m.id());
        out.writeLong(m.createdAt().toEpochMilli());
        out.writeUTF(m.channel());
        out.writeBoolean(m.event() != null);
        if (m.event() != null) {
            out.writeUTF(m.event());
        }
        byte[] data = m.data().getBytes(StandardCharsets.UTF_8);
        out.writeInt(data.length);
        out.write(data);
        if (j.key() != null) {
            out.writeUTF(j.key().publisher());
            out.writeUTF(j.key().key());
        }
        return bytes.toByteArray();
    }

    private record Read(List<Journaled> messages, long validBytes) {
        long lastId() {
            return messages.isEmpty() ? 0 : messages.get(messages.size() - 1).message().id();
        }
    }

    private static Read read(Path segment) throws IOException {
        List<Journaled> messages = new ArrayList<>();
        if (!Files.exists(segment)) {
            return new Read(messages, 0);
        }
        long valid = 0;
        try (InputStream file = new java.io.BufferedInputStream(Files.newInputStream(segment), 1 << 16);
                DataInputStream in = new DataInputStream(file)) {
            while (true) {
                int length;
                int crc;
                byte[] payload;
                try {
                    length = in.readInt();
                    crc = in.readInt();
                    if (length <= 0 || length > 16 * 1024 * 1024) {
                        break;
                    }
                    payload = in.readNBytes(length);
                } catch (EOFException end) {
                    break;
                }
                CRC32 check = new CRC32();
                check.update(payload);
                if (payload.length != length || (int) check.getValue() != crc) {
                    break; // a record cut short by a crash: everything before it is whole
                }
                messages.add(decode(payload));
                valid += 8 + length;
            }
        }
        return new Read(messages, valid);
    }

    private static Journaled decode(byte[] payload) throws IOException {
        java.io.ByteArrayInputStream bytes = new java.io.ByteArrayInputStream(payload);
        DataInputStream in = new DataInputStream(bytes);
        long id = in.readLong();
        Instant createdAt = Instant.ofEpochMilli(in.readLong());
        String channel = in.readUTF();
        String event = in.readBoolean() ? in.readUTF() : null;
        byte[] data = in.readNBytes(in.readInt());
        PublishKey key = bytes.available() > 0 ? new PublishKey(in.readUTF(), in.readUTF()) : null;
        return new Journaled(new StoredMessage(id, channel, event, new String(data, StandardCharsets.UTF_8), createdAt), key);
    }
}
