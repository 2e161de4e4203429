package io.progressivetrust.topology;

import io.progressivetrust.policy.AccountState;
import io.progressivetrust.policy.DailyHistory;
import io.progressivetrust.policy.Grant;
import io.progressivetrust.policy.Notice;
import io.progressivetrust.policy.Tally;
import io.progressivetrust.policy.Timeline;
import io.progressivetrust.policy.WindowBuckets;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * A compact binary encoding of {@link AccountState}: it is read and written
 * for every intent, so JSON would cost most of the throughput. Days and
 * buckets are delta-encoded varints; a leading format byte leaves room to
 * change the layout without a reset. Plain arrays, no streams: a busy
 * account's state holds up to 1,440 buckets and is encoded on every intent.
 */
public final class AccountStateSerde implements Serde<AccountState> {

    /** 2 keeps the window's bucket size after the buckets; 1, without it, is still read. */
    private static final byte FORMAT = 2;
    private static final byte FORMAT_WITHOUT_BUCKET_SIZE = 1;

    @Override
    public Serializer<AccountState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<AccountState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(AccountState state) {
        Writer out = new Writer(64 + 6 * state.buckets().size() + 6 * state.history().size());
        out.writeByte(FORMAT);
        out.writeLong(state.clock());
        List<Timeline.Version<Integer>> scores = state.scores().versions();
        out.writeVarLong(scores.size());
        for (Timeline.Version<Integer> v : scores) {
            out.writeLong(v.at());
            out.writeByte(v.value() == null ? 0 : v.value());
        }
        List<Timeline.Version<Grant>> grants = state.grants().versions();
        out.writeVarLong(grants.size());
        for (Timeline.Version<Grant> v : grants) {
            out.writeLong(v.at());
            out.writeByte(v.value() == null ? 0 : 1);
            if (v.value() != null) {
                out.writeVarLong(v.value().extraDailyMessages());
                out.writeLong(v.value().expiresAt());
                byte[] json = v.value().json().getBytes(StandardCharsets.UTF_8);
                out.writeVarLong(json.length);
                out.writeBytes(json);
            }
        }
        writeTally(out, state.history());
        writeTally(out, state.buckets());
        out.writeVarLong(state.buckets().bucketMs());
        out.writeLong(state.thresholdNoticeAt(Notice.Threshold.EIGHTY));
        out.writeLong(state.thresholdNoticeAt(Notice.Threshold.HUNDRED));
        return out.toByteArray();
    }

    static AccountState read(byte[] bytes) {
        if (bytes.length == 0) {
            throw new StreamsException("account state is empty");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte format = in.get();
        if (format != FORMAT && format != FORMAT_WITHOUT_BUCKET_SIZE) {
            // state written by a newer version: judging with it would be wrong, skipping it would lose it
            throw new StreamsException("account state in unknown format " + format
                    + ": was this state written by a newer version of the application?");
        }
        try {
            long clock = in.getLong();
            List<Timeline.Version<Integer>> scores = new ArrayList<>();
            for (long n = readVarLong(in); n > 0; n--) {
                long at = in.getLong();
                int score = in.get();
                scores.add(new Timeline.Version<>(at, score == 0 ? null : score));
            }
            List<Timeline.Version<Grant>> grants = new ArrayList<>();
            for (long n = readVarLong(in); n > 0; n--) {
                long at = in.getLong();
                Grant grant = null;
                if (in.get() != 0) {
                    long extra = readVarLong(in);
                    long expiresAt = in.getLong();
                    byte[] json = new byte[Math.toIntExact(readVarLong(in))];
                    in.get(json);
                    grant = new Grant(extra, expiresAt, new String(json, StandardCharsets.UTF_8));
                }
                grants.add(new Timeline.Version<>(at, grant));
            }
            long[][] days = readTally(in);
            DailyHistory history = DailyHistory.of(days[0], days[1]);
            long[][] minutes = readTally(in);
            long bucketMs = format == FORMAT ? readVarLong(in) : WindowBuckets.UNKNOWN_SIZE;
            WindowBuckets buckets = WindowBuckets.of(minutes[0], minutes[1], bucketMs);
            return new AccountState(clock, Timeline.of(scores), Timeline.of(grants), history, buckets,
                    in.getLong(), in.getLong());
        } catch (BufferUnderflowException e) {
            throw new StreamsException("account state is truncated (" + bytes.length + " bytes)", e);
        } catch (StreamsException e) {
            throw e;
        } catch (RuntimeException e) {
            // judging an account with state that cannot be read would be wrong, skipping it would lose it
            throw new StreamsException("account state cannot be read (" + bytes.length + " bytes): " + e, e);
        }
    }

    /** Indexes delta-encoded after the first, each followed by its count. */
    private static void writeTally(Writer out, Tally tally) {
        out.writeVarLong(tally.size());
        for (int i = 0; i < tally.size(); i++) {
            if (i == 0) {
                out.writeLong(tally.index(0));
            } else {
                out.writeVarLong(tally.index(i) - tally.index(i - 1));
            }
            out.writeVarLong(tally.count(i));
        }
    }

    private static long[][] readTally(ByteBuffer in) {
        long size = readVarLong(in);
        if (size < 0 || size > in.remaining()) {
            throw new StreamsException("account state holds a count of " + size + " entries in " + in.remaining() + " bytes");
        }
        int n = (int) size;
        long[] indexes = new long[n];
        long[] counts = new long[n];
        for (int i = 0; i < n; i++) {
            indexes[i] = i == 0 ? in.getLong() : indexes[i - 1] + readVarLong(in);
            counts[i] = readVarLong(in);
        }
        return new long[][] {indexes, counts};
    }

    private static long readVarLong(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new StreamsException("account state has a malformed number");
    }

    /** A growable byte array; unlike ByteArrayOutputStream, not synchronized on every byte. */
    private static final class Writer {
        private byte[] bytes;
        private int size;

        Writer(int capacity) {
            bytes = new byte[capacity];
        }

        void writeByte(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        void writeLong(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (v >>> shift);
            }
        }

        void writeVarLong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[size++] = (byte) v;
        }

        void writeBytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
