package io.progressivetrust.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressivetrust.policy.Grant;
import io.progressivetrust.policy.Intent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads the three inputs (send intents, scores and grants) from their JSON
 * bytes, or says in one line why a record cannot be read.
 */
public final class RecordReader {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** An intent, with its JSON bytes as published so the verdict can carry it whole. */
    public record ReadIntent(Intent intent, byte[] json) { }

    private RecordReader() { }

    public static String account(byte[] key) {
        if (key == null || key.length == 0) {
            throw new UnreadableRecordException("the record has no key: the key must be the account SID");
        }
        String account = new String(key, StandardCharsets.UTF_8);
        if (account.indexOf('\0') >= 0) {
            throw new UnreadableRecordException("the key contains a NUL character");
        }
        return account;
    }

    /**
     * The largest intent accepted. Its verdict carries it whole plus a few hundred bytes, and a
     * verdict larger than the producer or topic allows would stop the application instead.
     */
    public static final int MAX_INTENT_BYTES = 256 * 1024;

    /**
     * Reads an intent. A well-formed intent is read in one streaming pass that keeps only the three
     * fields the rules need; anything else is read again as a tree, which says exactly what is wrong.
     */
    public static ReadIntent intent(byte[] key, byte[] value) {
        ReadIntent intent = IntentScanner.scan(JSON.getFactory(), key, value);
        return intent != null ? intent : readIntentTree(key, value);
    }

    private static ReadIntent readIntentTree(byte[] key, byte[] value) {
        if (value != null && value.length > MAX_INTENT_BYTES) {
            throw new UnreadableRecordException("the intent has " + value.length + " bytes, more than the "
                    + MAX_INTENT_BYTES + " a send intent may have");
        }
        JsonNode json = object(value, "intent");
        String messageSid = requiredText(json, "messageSid");
        String accountSid = requiredText(json, "accountSid");
        String account = account(key);
        if (!account.equals(accountSid)) {
            throw new UnreadableRecordException("the key '" + account + "' does not equal accountSid '" + accountSid + "'");
        }
        JsonNode channel = json.get("channel");
        if (channel != null && !channel.isNull() && (!channel.isTextual() || channel.asText().isEmpty())) {
            throw new UnreadableRecordException("channel must be a non-empty string such as \"sms\", got " + channel);
        }
        String channelText = channel == null || channel.isNull() ? null : channel.asText();
        return new ReadIntent(new Intent(messageSid, accountSid, channelText), IntentScanner.asPublished(value));
    }

    /** A Reputation Score 1..5, or null for a tombstone (the account leaves the program). */
    public static Integer score(byte[] value) {
        if (value == null) {
            return null;
        }
        JsonNode json = object(value, "reputation record");
        JsonNode score = json.get("score");
        if (score == null || !score.canConvertToExactIntegral() || score.asLong() < 1 || score.asLong() > 5) {
            throw new UnreadableRecordException("score must be a whole number from 1 to 5, got " + score);
        }
        return score.asInt();
    }

    /** A grant, or null for a revocation. */
    public static Grant grant(byte[] value) {
        if (value == null) {
            return null;
        }
        JsonNode json = object(value, "grant");
        JsonNode extra = json.get("extraDailyMessages");
        if (extra == null || !extra.canConvertToExactIntegral() || extra.asLong() < 0 || !extra.canConvertToLong()) {
            throw new UnreadableRecordException("extraDailyMessages must be a whole number of 0 or more, got " + extra);
        }
        return new Grant(extra.asLong(), expiry(json.get("expiresAt")), json.toString());
    }

    private static long expiry(JsonNode expiresAt) {
        if (expiresAt == null || expiresAt.isNull()) {
            return Grant.NO_EXPIRY;
        }
        if (!expiresAt.isTextual()) {
            throw new UnreadableRecordException("expiresAt must be an ISO-8601 instant such as \"2026-12-01T00:00:00Z\", got " + expiresAt);
        }
        try {
            return Instant.parse(expiresAt.asText()).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new UnreadableRecordException("expiresAt must be an ISO-8601 instant such as \"2026-12-01T00:00:00Z\", got " + expiresAt);
        }
    }

    private static JsonNode object(byte[] value, String what) {
        if (value == null) {
            throw new UnreadableRecordException("the " + what + " has no value (null)");
        }
        JsonNode json;
        try {
            json = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new UnreadableRecordException("the " + what + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UnreadableRecordException("the " + what + " cannot be read: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new UnreadableRecordException("the " + what + " must be a JSON object");
        }
        return json;
    }

    private static String requiredText(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            throw new UnreadableRecordException(field + " is missing");
        }
        if (!node.isTextual()) {
            throw new UnreadableRecordException(field + " must be a string, got " + node);
        }
        if (node.asText().isEmpty()) {
            throw new UnreadableRecordException(field + " is empty");
        }
        return node.asText();
    }
}
