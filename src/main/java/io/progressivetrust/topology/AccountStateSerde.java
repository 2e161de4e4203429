package io.progressivetrust.topology;

import io.progressivetrust.policy.AccountState;
import io.progressivetrust.policy.DailyHistory;
import io.progressivetrust.policy.Grant;
import io.progressivetrust.policy.Timeline;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * A compact binary encoding of {@link AccountState}: it is read and written
 * for every intent, so JSON would cost most of the throughput. Days and
 * buckets are delta-encoded varints; a leading format byte leaves room to
 * change the layout without a reset.
 */
public final class AccountStateSerde implements Serde<AccountState> {

    private static final byte FORMAT = 1;

    @Override
    public Serializer<AccountState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<AccountState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(AccountState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(state.clock());
            List<Timeline.Version<Integer>> scores = state.scores().versions();
            writeVarLong(out, scores.size());
            for (Timeline.Version<Integer> v : scores) {
                out.writeLong(v.at());
                out.writeByte(v.value() == null ? 0 : v.value());
            }
            List<Timeline.Version<Grant>> grants = state.grants().versions();
            writeVarLong(out, grants.size());
            for (Timeline.Version<Grant> v : grants) {
                out.writeLong(v.at());
                out.writeBoolean(v.value() != null);
                if (v.value() != null) {
                    writeVarLong(out, v.value().extraDailyMessages());
                    out.writeLong(v.value().expiresAt());
                    writeText(out, v.value().json());
                }
            }
            writeCounts(out, state.history().days());
            writeCounts(out, state.buckets());
            out.writeLong(state.thresholdNoticeAt(80));
            out.writeLong(state.thresholdNoticeAt(100));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static AccountState read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                // state written by a newer version: judging with it would be wrong, skipping it would lose it
                throw new StreamsException("account state in unknown format " + format
                        + ": was this state written by a newer version of the application?");
            }
            long clock = in.readLong();
            List<Timeline.Version<Integer>> scores = new ArrayList<>();
            for (long n = readVarLong(in); n > 0; n--) {
                long at = in.readLong();
                int score = in.readByte();
                scores.add(new Timeline.Version<>(at, score == 0 ? null : score));
            }
            List<Timeline.Version<Grant>> grants = new ArrayList<>();
            for (long n = readVarLong(in); n > 0; n--) {
                long at = in.readLong();
                Grant grant = in.readBoolean() ? new Grant(readVarLong(in), in.readLong(), readText(in)) : null;
                grants.add(new Timeline.Version<>(at, grant));
            }
            DailyHistory history = new DailyHistory();
            readCounts(in).forEach(history::add);
            TreeMap<Long, Long> buckets = readCounts(in);
            return new AccountState(clock, Timeline.of(scores), Timeline.of(grants), history, buckets,
                    in.readLong(), in.readLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeCounts(DataOutputStream out, Map<Long, Long> counts) throws IOException {
        writeVarLong(out, counts.size());
        long previous = 0;
        boolean first = true;
        for (Map.Entry<Long, Long> e : counts.entrySet()) {
            if (first) {
                out.writeLong(e.getKey());
                first = false;
            } else {
                writeVarLong(out, e.getKey() - previous);
            }
            previous = e.getKey();
            writeVarLong(out, e.getValue());
        }
    }

    private static TreeMap<Long, Long> readCounts(DataInputStream in) throws IOException {
        TreeMap<Long, Long> counts = new TreeMap<>();
        long n = readVarLong(in);
        long key = 0;
        for (long i = 0; i < n; i++) {
            key = i == 0 ? in.readLong() : key + readVarLong(in);
            counts.put(key, readVarLong(in));
        }
        return counts;
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        writeVarLong(out, utf8.length);
        out.write(utf8);
    }

    private static String readText(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[Math.toIntExact(readVarLong(in))];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static void writeVarLong(DataOutputStream out, long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed varint");
    }
}
