package io.progressivetrust.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.progressivetrust.policy.IsoInstant;
import io.progressivetrust.policy.Notice;
import io.progressivetrust.policy.Policy;
import io.progressivetrust.policy.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes verdicts and notices as JSON, fields always in the same order, so
 * that a replay gives the same bytes.
 */
public final class RecordWriter {

    // the verdict's closing brace follows the intent, so the generator must not close the object itself
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_CONTENT).build();

    private RecordWriter() { }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static final byte[] INTENT_FIELD = ",\"intent\":".getBytes(StandardCharsets.UTF_8);

    /**
     * The verdict record, ending with the intent's bytes as read: the fields are written as the JSON
     * generator writes them, the intent is appended to them as it is instead of being parsed and
     * written again.
     */
    public static byte[] verdict(Verdict v, byte[] intent) {
        if (plain(v.messageSid()) && plain(v.accountSid()) && plain(v.channel())
                && (v.errorMessage() == null || plain(v.errorMessage()))) {
            return plainVerdict(v, intent);
        }
        return generatedVerdict(v, intent);
    }

    /** The verdict record as the JSON generator writes it, escaping what needs it. */
    static byte[] generatedVerdict(Verdict v, byte[] intent) {
        Output bytes = new Output(INTENT_FIELD.length + intent.length + 320);
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            fields(json, v);
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes.write(INTENT_FIELD, 0, INTENT_FIELD.length);
        bytes.write(intent, 0, intent.length);
        bytes.write('}');
        return bytes.toByteArray();
    }

    private static void fields(JsonGenerator json, Verdict v) throws IOException {
        json.writeStringField("messageSid", v.messageSid());
        json.writeStringField("accountSid", v.accountSid());
        json.writeStringField("verdict", v.accepted() ? "accepted" : "rejected");
        json.writeStringField("channel", v.channel());
        json.writeBooleanField("limited", v.limited());
        number(json, "score", v.score() == null ? null : v.score().longValue());
        number(json, "dailyLimit", v.dailyLimit());
        json.writeNumberField("countInWindow", v.countInWindow());
        json.writeStringField("evaluatedAt", instant(v.evaluatedAt()));
        if (v.shadowRejected()) {
            json.writeBooleanField("shadowRejected", true);
        }
        if (v.overLimit()) {
            json.writeNumberField("errorCode", Policy.ERROR_CODE);
            json.writeStringField("errorMessage", v.errorMessage());
            json.writeStringField("nextRoomAt", v.nextRoomAt() == null ? null : instant(v.nextRoomAt()));
        }
    }

    /**
     * Whether the generator would write this string as it is: printable ASCII without quotes or
     * backslashes, which it neither escapes nor encodes. Nearly every SID and message is.
     */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * The same bytes as the generator writes, for a verdict whose strings are all {@link #plain}:
     * written straight into the stream thread's scratch buffer, then copied once, with the
     * intent, into the record.
     */
    private static byte[] plainVerdict(Verdict v, byte[] intent) {
        Ascii head = SCRATCH.get().reset();
        head.text("{\"messageSid\":\"").text(v.messageSid())
                .text("\",\"accountSid\":\"").text(v.accountSid())
                .text("\",\"verdict\":\"").text(v.accepted() ? "accepted" : "rejected")
                .text("\",\"channel\":\"").text(v.channel())
                .text("\",\"limited\":").text(v.limited() ? "true" : "false")
                .text(",\"score\":").number(v.score() == null ? null : v.score().longValue())
                .text(",\"dailyLimit\":").number(v.dailyLimit())
                .text(",\"countInWindow\":").number(v.countInWindow())
                .text(",\"evaluatedAt\":\"").instant(v.evaluatedAt()).text("\"");
        if (v.shadowRejected()) {
            head.text(",\"shadowRejected\":true");
        }
        if (v.overLimit()) {
            head.text(",\"errorCode\":").number(Policy.ERROR_CODE)
                    .text(",\"errorMessage\":\"").text(v.errorMessage()).text("\"")
                    .text(",\"nextRoomAt\":");
            if (v.nextRoomAt() == null) {
                head.text("null");
            } else {
                head.text("\"").instant(v.nextRoomAt()).text("\"");
            }
        }
        head.text(",\"intent\":");
        return head.followedBy(intent, (byte) '}');
    }

    private static final ThreadLocal<Ascii> SCRATCH = ThreadLocal.withInitial(Ascii::new);

    /** A reusable buffer for the head of a plain verdict: ASCII text, numbers and instants. */
    private static final class Ascii {
        private byte[] buf = new byte[512];   // a rejection's head, explanation included, without growing
        private int size;

        Ascii reset() {
            size = 0;
            return this;
        }

        /** Appends a string that is {@link #plain}: one byte per char. */
        Ascii text(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[size++] = (byte) s.charAt(i);
            }
            return this;
        }

        /** Appends a number as {@code Long.toString} writes it, or null. */
        Ascii number(Long n) {
            return n == null ? text("null") : number(n.longValue());
        }

        Ascii number(long n) {
            if (n < 0) {
                return text(Long.toString(n));   // never on the hot path: counts and limits are not negative
            }
            int digits = 1;
            for (long rest = n / 10; rest > 0; rest /= 10) {
                digits++;
            }
            ensure(digits);
            for (int i = size + digits - 1; i >= size; i--, n /= 10) {
                buf[i] = (byte) ('0' + n % 10);
            }
            size += digits;
            return this;
        }

        Ascii instant(long epochMillis) {
            ensure(24);
            int end = IsoInstant.write(epochMillis, buf, size);
            if (end < 0) {
                return text(IsoInstant.format(epochMillis));
            }
            size = end;
            return this;
        }

        /** The bytes written so far, then {@code tail}, then {@code last}, in one new array. */
        byte[] followedBy(byte[] tail, byte last) {
            byte[] out = java.util.Arrays.copyOf(buf, size + tail.length + 1);
            System.arraycopy(tail, 0, out, size, tail.length);
            out[out.length - 1] = last;
            return out;
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }
    }

    public static byte[] notice(Notice n) {
        return write(json -> {
            json.writeStringField("type", n.type().text());
            json.writeStringField("accountSid", n.accountSid());
            number(json, "score", n.score() == null ? null : n.score().longValue());
            number(json, "dailyLimit", n.dailyLimit());
            json.writeStringField("at", instant(n.at()));
            if (n.percent() != null) {
                json.writeNumberField("percent", n.percent());
                json.writeNumberField("countInWindow", n.countInWindow());
            }
            json.writeStringField("why", n.why());
        });
    }

    public static String instant(long epochMillis) {
        return IsoInstant.format(epochMillis);
    }

    /** Writes a number field, or null. */
    public static void number(JsonGenerator json, String field, Long value) throws IOException {
        if (value == null) {
            json.writeNullField(field);
        } else {
            json.writeNumberField(field, value);
        }
    }

    /** A growable byte array; unlike ByteArrayOutputStream, not synchronized on every write. */
    private static final class Output extends java.io.OutputStream {
        private byte[] buf;
        private int size;

        Output(int capacity) {
            buf = new byte[capacity];
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, size, len);
            size += len;
        }

        byte[] toByteArray() {
            return size == buf.length ? buf : java.util.Arrays.copyOf(buf, size);
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }
    }

    private static byte[] write(Body body) {
        Output bytes = new Output(256);
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
