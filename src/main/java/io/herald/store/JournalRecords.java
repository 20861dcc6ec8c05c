package io.herald.store;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * How {@link MessageJournal} lays out its records on disk.
 *
 * A record: {@code int length, int crc32, payload}; payload: {@code long id, long createdAt
 * (ms), UTF channel, boolean hasEvent, [UTF event], int n, n bytes of UTF-8 data}, then, for a
 * message published with an idempotency key, {@code UTF publisher, UTF key} (a payload that ends
 * after the data has none, as every record written before keys existed). A record cut short by a
 * crash fails its length or CRC: reading stops there.
 */
final class JournalRecords {

    /** After a message's data: the key and the publisher follow, each flagged (no valid UTF length begins so). */
    private static final byte EXTENSIONS = 0x7F;

    private JournalRecords() {
    }

    /** Writes {@code j} as one record. */
    static void write(Journaled j, DataOutputStream out) throws IOException {
        byte[] payload = payload(j);
        CRC32 crc = new CRC32();
        crc.update(payload);
        out.writeInt(payload.length);
        out.writeInt((int) crc.getValue());
        out.write(payload);
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
        // What follows the data: nothing, or (records before publishers were kept) a key's two
        // strings, or the marker and then what is there. A key's first string is a publisher of at
        // most 256 characters, so its length never begins with the marker's byte.
        out.writeByte(EXTENSIONS);
        out.writeBoolean(j.key() != null);
        if (j.key() != null) {
            out.writeUTF(j.key().publisher());
            out.writeUTF(j.key().key());
        }
        out.writeBoolean(m.publisher() != null);
        if (m.publisher() != null) {
            out.writeUTF(m.publisher());
        }
        return bytes.toByteArray();
    }

    /** The whole records of a segment, and how many bytes they take from its start. */
    record Read(List<Journaled> messages, long validBytes) {
        long lastId() {
            return messages.isEmpty() ? 0 : messages.get(messages.size() - 1).message().id();
        }
    }

    /** Every whole record of {@code segment} (none when it does not exist), up to the first one cut short. */
    static Read read(Path segment) throws IOException {
        List<Journaled> messages = new ArrayList<>();
        if (!Files.exists(segment)) {
            return new Read(messages, 0);
        }
        long valid = 0;
        try (InputStream file = new BufferedInputStream(Files.newInputStream(segment), 1 << 16);
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
        ByteArrayInputStream bytes = new ByteArrayInputStream(payload);
        DataInputStream in = new DataInputStream(bytes);
        long id = in.readLong();
        Instant createdAt = Instant.ofEpochMilli(in.readLong());
        String channel = in.readUTF();
        String event = in.readBoolean() ? in.readUTF() : null;
        byte[] data = in.readNBytes(in.readInt());
        PublishKey key = null;
        String publisher = null;
        if (bytes.available() > 0) {
            bytes.mark(1);
            if (in.readByte() == EXTENSIONS) {
                key = in.readBoolean() ? new PublishKey(in.readUTF(), in.readUTF()) : null;
                publisher = in.readBoolean() ? in.readUTF() : null;
            } else {
                bytes.reset();
                key = new PublishKey(in.readUTF(), in.readUTF());
            }
        }
        return new Journaled(new StoredMessage(id, channel, event, new String(data, StandardCharsets.UTF_8), createdAt,
                publisher), key);
    }
}
