package io.progressivetrust.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.progressivetrust.policy.Notice;
import io.progressivetrust.policy.Policy;
import io.progressivetrust.policy.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Writes verdicts and notices as JSON, fields always in the same order, so
 * that a replay gives the same bytes.
 */
public final class RecordWriter {

    private static final JsonFactory FACTORY = new JsonFactory();

    private RecordWriter() { }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    /** The verdict record; {@code intentJson} is the intent's value exactly as it was read. */
    public static byte[] verdict(Verdict v, String intentJson) {
        return write(json -> {
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
            json.writeFieldName("intent");
            json.writeRawValue(intentJson);
        });
    }

    public static byte[] notice(Notice n) {
        return write(json -> {
            json.writeStringField("type", n.type());
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
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /** Writes a number field, or null. */
    public static void number(JsonGenerator json, String field, Long value) throws IOException {
        if (value == null) {
            json.writeNullField(field);
        } else {
            json.writeNumberField(field, value);
        }
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
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
