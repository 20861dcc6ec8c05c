package io.herald.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The greatest message id this node ever acknowledged, kept in a small file of its own beside the
 * data (never in the database it guards): if the database comes back behind it (a crash that lost
 * its tail, a restore from an older backup, a database replaced under Herald), Herald still knows
 * which ids it handed out, and never hands one out twice.
 *
 * <p>The file holds one fixed-width line, {@code herald-last-id 00000000000000012345\n},
 * rewritten in place after every append: one {@code pwrite} of 36 bytes, which a killed process
 * cannot leave half done. It is forced to disk every {@link #FORCE_EVERY} ids and when closed.
 */
public final class IdWatermark implements AutoCloseable {

    /** Ids between two forced writes; against power loss the mark lags at most this much. */
    static final long FORCE_EVERY = 1000;
    private static final String PREFIX = "herald-last-id ";

    private final Path file;
    private final FileChannel channel;
    private long recorded;
    private long forced;

    private IdWatermark(Path file, FileChannel channel, long recorded) {
        this.file = file;
        this.channel = channel;
        this.recorded = recorded;
        this.forced = recorded;
    }

    /** Opens (or creates) the mark in {@code file}. */
    public static IdWatermark open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            return new IdWatermark(file, channel, parse(file, Files.readString(file, StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException("opening the id mark " + file, e);
        }
    }

    private static long parse(Path file, String text) {
        if (text.isEmpty()) {
            return 0;
        }
        String line = text.strip();
        if (!line.startsWith(PREFIX)) {
            throw new IllegalStateException("the id mark " + file + " is not Herald's (it holds '" + line
                    + "'); move it away only if this data folder never served messages");
        }
        try {
            return Long.parseLong(line.substring(PREFIX.length()).strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the id mark " + file + " is damaged ('" + line + "')", e);
        }
    }

    /** The greatest id recorded so far (0: none). */
    public synchronized long value() {
        return recorded;
    }

    /** Records that ids up to {@code id} were handed out; never moves back. */
    public synchronized void record(long id) {
        if (id <= recorded) {
            return;
        }
        recorded = id;
        byte[] line = String.format("%s%020d\n", PREFIX, id).getBytes(StandardCharsets.US_ASCII);
        try {
            channel.write(ByteBuffer.wrap(line), 0);
            if (id - forced >= FORCE_EVERY) {
                channel.force(false);
                forced = id;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("recording id " + id + " in " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (channel.isOpen()) {
                channel.force(false);
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing the id mark " + file, e);
        }
    }

    /** Where the mark lives. */
    public Path file() {
        return file;
    }
}
