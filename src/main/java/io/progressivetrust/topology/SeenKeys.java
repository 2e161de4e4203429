package io.progressivetrust.topology;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.ObjLongConsumer;
import org.apache.kafka.common.utils.Bytes;

/**
 * The byte layouts of the message-SID stores. A generation is one retention period of account
 * time; written big-endian with its sign bit flipped, it sorts like the signed number.
 * <pre>
 *   index key        generation(8) account 0x00 messageSid   -> time judged (8)
 *   log batch key    0x00 generation(8) sequence(8)          -> entries: length(varint) index key, time (8)
 *   earlier versions account 0x00 generation(8) messageSid   -> time judged (8)
 * </pre>
 * An account is never empty and holds no NUL, so the layouts cannot be mistaken for each other.
 */
final class SeenKeys {

    private static final byte SEPARATOR = 0;

    private SeenKeys() { }

    static Bytes indexKey(long generation, byte[] account, byte[] messageSid) {
        return Bytes.wrap(ByteBuffer.allocate(8 + account.length + 1 + messageSid.length)
                .putLong(flip(generation)).put(account).put(SEPARATOR).put(messageSid).array());
    }

    static long generationOf(byte[] indexKey) {
        return flip(ByteBuffer.wrap(indexKey, 0, 8).getLong());
    }

    /** The smallest index key of a generation. */
    static Bytes generationStart(long generation) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(flip(generation)).array());
    }

    /** From and to (both inclusive) of the account's index keys in one generation. */
    static Bytes[] indexPrefix(long generation, byte[] account) {
        byte[] from = ByteBuffer.allocate(8 + account.length + 1).putLong(flip(generation)).put(account).put(SEPARATOR).array();
        byte[] to = from.clone();
        to[to.length - 1] = 1;
        return new Bytes[] {Bytes.wrap(from), Bytes.wrap(to)};
    }

    /** From and to of the account's keys of earlier versions in every generation before {@code generation}. */
    static Bytes[] legacyPrefix(byte[] account, long generation) {
        byte[] from = ByteBuffer.allocate(account.length + 1 + 8).put(account).put(SEPARATOR).putLong(flip(Long.MIN_VALUE)).array();
        byte[] to = ByteBuffer.allocate(account.length + 1 + 8 + 1).put(account).put(SEPARATOR)
                .putLong(flip(generation - 1)).put((byte) 0xFF).array();
        return new Bytes[] {Bytes.wrap(from), Bytes.wrap(to)};
    }

    /** The index key of a key written by earlier versions. */
    static byte[] fromLegacy(byte[] key) {
        int separator = 0;
        while (key[separator] != SEPARATOR) {
            separator++;
        }
        long generation = flip(ByteBuffer.wrap(key, separator + 1, 8).getLong());
        byte[] account = java.util.Arrays.copyOfRange(key, 0, separator);
        byte[] sid = java.util.Arrays.copyOfRange(key, separator + 9, key.length);
        return indexKey(generation, account, sid).get();
    }

    static Bytes batchKey(long generation, long sequence) {
        return Bytes.wrap(ByteBuffer.allocate(17).put(SEPARATOR).putLong(flip(generation)).putLong(sequence).array());
    }

    static long batchGeneration(byte[] batchKey) {
        return flip(ByteBuffer.wrap(batchKey, 1, 8).getLong());
    }

    static void writeEntry(ByteArrayOutputStream batch, byte[] indexKey, long at) {
        int length = indexKey.length;
        while (length >= 0x80) {
            batch.write((length & 0x7F) | 0x80);
            length >>>= 7;
        }
        batch.write(length);
        batch.writeBytes(indexKey);
        batch.writeBytes(time(at));
    }

    static void readEntries(byte[] batch, ObjLongConsumer<byte[]> entry) {
        ByteBuffer in = ByteBuffer.wrap(batch);
        while (in.hasRemaining()) {
            int length = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = in.get();
                length |= (b & 0x7F) << shift;
                if (b >= 0) {
                    break;
                }
            }
            byte[] key = new byte[length];
            in.get(key);
            entry.accept(key, in.getLong());
        }
    }

    static byte[] time(long at) {
        return ByteBuffer.allocate(8).putLong(at).array();
    }

    private static long flip(long generation) {
        return generation ^ Long.MIN_VALUE;
    }
}
