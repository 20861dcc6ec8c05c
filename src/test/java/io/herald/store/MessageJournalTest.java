package io.herald.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The message journal: what a killed process wrote whole is read back, keys included; a record cut short is not. */
class MessageJournalTest {

    @TempDir
    Path dir;

    /** Every third one published with an idempotency key, which the journal keeps with it. */
    private static Journaled message(long id, String data) {
        return new Journaled(new StoredMessage(id, "orders/" + id % 3, id % 2 == 0 ? null : "created", data,
                Instant.ofEpochMilli(1_700_000_000_000L + id)), id % 3 == 0 ? new PublishKey("apikey:billing", "order-" + id) : null);
    }

    @Test
    void batchesAreReadBackWholeAcrossAReopen() {
        try (MessageJournal journal = MessageJournal.open(dir.resolve("j"), false)) {
            journal.append(List.of(message(1, "one"), message(2, "два\nlines")));
            journal.append(List.of(message(3, "")));
        }
        try (MessageJournal journal = MessageJournal.open(dir.resolve("j"), true)) {
            assertEquals(List.of(message(1, "one"), message(2, "два\nlines"), message(3, "")), journal.readAll());
            journal.append(List.of(message(4, "four")));
            assertEquals(4, journal.readAll().size());
        }
    }

    @Test
    void aRecordCutShortByACrashIsDroppedAndWritingGoesOnAfterTheLastWholeOne() throws Exception {
        try (MessageJournal journal = MessageJournal.open(dir.resolve("j"), false)) {
            journal.append(List.of(message(1, "one"), message(2, "two")));
        }
        Path segment = dir.resolve("j.a");
        long whole = Files.size(segment);
        try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            file.truncate(whole - 3); // the end of record 2 never reached the file
        }
        try (MessageJournal journal = MessageJournal.open(dir.resolve("j"), false)) {
            assertEquals(List.of(message(1, "one")), journal.readAll());
            journal.append(List.of(message(3, "three")));
            assertEquals(List.of(message(1, "one"), message(3, "three")), journal.readAll());
        }
    }

    @Test
    void clearEmptiesBothSegments() {
        try (MessageJournal journal = MessageJournal.open(dir.resolve("j"), false)) {
            journal.append(List.of(message(1, "one")));
            journal.clear();
            assertEquals(List.of(), journal.readAll());
            journal.append(List.of(message(2, "two")));
            assertEquals(List.of(message(2, "two")), journal.readAll());
        }
    }

    @Test
    void rotationKeepsTheWholePreviousSegment() {
        String big = "x".repeat(64 * 1024);
        List<Long> written = new ArrayList<>();
        long id = 0;
        try (MessageJournal journal = MessageJournal.open(dir.resolve("j"), false)) {
            // Enough for the first segment to pass both rotation limits, and then some.
            long batches = Math.max(MessageJournal.ROTATE_BATCHES, MessageJournal.ROTATE_BYTES / (4L * big.length())) + 10;
            for (long b = 0; b < batches; b++) {
                List<Journaled> batch = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    batch.add(message(++id, big));
                    written.add(id);
                }
                if (journal.rotationDue()) {
                    journal.rotate();
                }
                journal.append(batch);
            }
            List<Long> kept = journal.readAll().stream().map(j -> j.message().id()).toList();
            assertEquals(written, kept, "nothing is dropped until the other segment fills");
        }
    }
}
