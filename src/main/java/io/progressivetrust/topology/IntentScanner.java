package io.progressivetrust.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.progressivetrust.policy.Intent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The fast way to read a send intent: one streaming pass over its bytes that checks the whole
 * record is valid JSON, as reading it into a tree would, and keeps only messageSid, accountSid
 * and channel. It accepts exactly what the tree reader accepts with the same result; for
 * anything it is not sure of it answers null, and the tree reader says what is wrong.
 */
final class IntentScanner {

    private IntentScanner() { }

    static RecordReader.ReadIntent scan(JsonFactory factory, byte[] key, byte[] value) {
        if (value == null || value.length > RecordReader.MAX_INTENT_BYTES) {
            return null;
        }
        Fields fields = new Fields();
        try (JsonParser json = factory.createParser(value)) {
            if (json.nextToken() != JsonToken.START_OBJECT || !readObject(json, fields) || json.nextToken() != null) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (!fields.valid()) {
            return null;
        }
        String account;
        try {
            account = RecordReader.account(key);
        } catch (UnreadableRecordException e) {
            return null;
        }
        if (!account.equals(fields.accountSid)) {
            return null;
        }
        return new RecordReader.ReadIntent(new Intent(fields.messageSid, fields.accountSid, fields.channel),
                asPublished(value));
    }

    /**
     * The intent's bytes for the verdict to carry. They are the published bytes themselves unless
     * they hold non-ASCII text, which goes through a UTF-8 decode and encode so that a sequence
     * the JSON reader let through but UTF-8 does not allow is written as the replacement character.
     */
    static byte[] asPublished(byte[] value) {
        for (byte b : value) {
            if (b < 0) {
                return new String(value, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            }
        }
        return value;
    }

    /** Reads the top-level object's fields (a repeated field: the last one counts, as in a tree). */
    private static boolean readObject(JsonParser json, Fields fields) throws IOException {
        for (JsonToken t = json.nextToken(); t != JsonToken.END_OBJECT; t = json.nextToken()) {
            if (t != JsonToken.FIELD_NAME) {
                return false;
            }
            String name = json.currentName();
            JsonToken v = json.nextToken();
            if (v == null) {
                return false;
            }
            switch (name) {
                case "messageSid" -> fields.messageSid = text(json, v);
                case "accountSid" -> fields.accountSid = text(json, v);
                case "channel" -> fields.channel = v == JsonToken.VALUE_NULL ? null : text(json, v);
                default -> { }
            }
            if (name.equals("channel")) {
                fields.channelValid = v == JsonToken.VALUE_NULL || (fields.channel != null && !fields.channel.isEmpty());
            }
            readValue(json, v);
        }
        return true;
    }

    private static String text(JsonParser json, JsonToken v) throws IOException {
        return v == JsonToken.VALUE_STRING ? json.getText() : null;
    }

    /** Reads a value to its end, decoding every string and number as a tree reader would. */
    private static void readValue(JsonParser json, JsonToken t) throws IOException {
        int depth = 0;
        do {
            switch (t) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case VALUE_STRING, FIELD_NAME -> json.getTextLength();
                case VALUE_NUMBER_INT -> json.getNumberValue();
                case VALUE_NUMBER_FLOAT -> json.getDecimalValue();
                default -> { }
            }
            if (depth > 0) {
                t = json.nextToken();
                if (t == null) {
                    throw new IOException("unexpected end of input");
                }
            }
        } while (depth > 0);
    }

    /** The three fields as found; null where missing or not a string. */
    private static final class Fields {
        String messageSid;
        String accountSid;
        String channel;
        boolean channelValid = true;

        boolean valid() {
            return messageSid != null && !messageSid.isEmpty() && accountSid != null && !accountSid.isEmpty()
                    && channelValid;
        }
    }
}
