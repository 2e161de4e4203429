package io.progressivetrust.runtime;

import static io.progressivetrust.topology.RecordWriter.instant;
import static io.progressivetrust.topology.RecordWriter.number;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressivetrust.policy.AccountStatus;
import io.progressivetrust.policy.Window;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;

/** The account status as the HTTP API answers it. */
final class StatusJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private StatusJson() { }

    static byte[] write(AccountStatus s, Window window) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("accountSid", s.accountSid());
            json.writeBooleanField("enrolled", s.enrolled());
            number(json, "score", s.score() == null ? null : s.score().longValue());
            number(json, "dailyLimit", s.dailyLimit());
            json.writeNumberField("used", s.used());
            number(json, "remaining", s.remaining());
            json.writeStringField("nextRoomAt", s.nextRoomAt() == null ? null : instant(s.nextRoomAt()));
            json.writeArrayFieldStart("freeing");
            for (AccountStatus.Freeing f : s.freeing()) {
                json.writeStartObject();
                json.writeStringField("from", instant(f.from()));
                json.writeStringField("to", instant(f.to()));
                json.writeNumberField("count", f.count());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("history60");
            for (AccountStatus.DayCount d : s.history()) {
                json.writeStartObject();
                json.writeStringField("date", LocalDate.ofEpochDay(d.day()).toString());
                json.writeNumberField("count", d.count());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeFieldName("grant");
            if (s.grant() == null) {
                json.writeNull();
            } else {
                json.writeTree(MAPPER.readTree(s.grant().json()));
            }
            json.writeStringField("asOf", instant(s.at()));
            json.writeStringField("today", LocalDate.ofEpochDay(window.day(s.at())).toString());
            json.writeStringField("why", s.why());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

}
