package io.herald.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's records keep a message whole, its idempotency key and who published it, in a real
 * segment file; a record written before publishers were kept (a crash just before an upgrade) is
 * still read, key and all.
 */
class JournalRecordsTest {

    @TempDir
    Path dir;

    private static final Instant AT = Instant.parse("2026-12-03T10:15:30.123Z");

    @Test
    void aRecordKeepsTheMessageItsKeyAndItsPublisher() throws IOException {
        List<Journaled> written = List.of(
                new Journaled(new StoredMessage(1, "orders", null, "plain", AT, null), null),
                new Journaled(new StoredMessage(2, "orders", "created", "{\"n\":2}", AT, "apikey:erp"),
                        new PublishKey("apikey:erp", "order-2")),
                new Journaled(new StoredMessage(3, "news", null, "ünïcödé\nlines", AT, "olga"), null),
                new Journaled(new StoredMessage(4, "news", "x", "", AT, null), new PublishKey("outbox:hr", "17")));
        Path segment = dir.resolve("herald-journal.a");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(segment))) {
            for (Journaled j : written) {
                JournalRecords.write(j, out);
            }
        }
        assertEquals(written, JournalRecords.read(segment).messages());
    }

    @Test
    void aRecordFromBeforePublishersWereKeptIsStillRead() throws IOException {
        Path segment = dir.resolve("herald-journal.b");
        try (OutputStream file = Files.newOutputStream(segment)) {
            file.write(oldRecord(5, "orders", "paid", "{}", "apikey:erp", "order-5"));
            file.write(oldRecord(6, "orders", null, "no key", null, null));
        }
        assertEquals(List.of(
                new Journaled(new StoredMessage(5, "orders", "paid", "{}", AT), new PublishKey("apikey:erp", "order-5")),
                new Journaled(new StoredMessage(6, "orders", null, "no key", AT), null)),
                JournalRecords.read(segment).messages());
    }

    /** A record as the journal wrote it until publishers were kept: data, then a key's two strings or nothing. */
    private static byte[] oldRecord(long id, String channel, String event, String data, String keyOwner, String key)
            throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        DataOutputStream p = new DataOutputStream(payload);
        p.writeLong(id);
        p.writeLong(AT.toEpochMilli());
        p.writeUTF(channel);
        p.writeBoolean(event != null);
        if (event != null) {
            p.writeUTF(event);
        }
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        p.writeInt(bytes.length);
        p.write(bytes);
        if (key != null) {
            p.writeUTF(keyOwner);
            p.writeUTF(key);
        }
        CRC32 crc = new CRC32();
        crc.update(payload.toByteArray());
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        DataOutputStream r = new DataOutputStream(record);
        r.writeInt(payload.size());
        r.writeInt((int) crc.getValue());
        r.write(payload.toByteArray());
        return record.toByteArray();
    }
}
