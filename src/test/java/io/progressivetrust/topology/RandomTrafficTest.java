package io.progressivetrust.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.progressivetrust.policy.Policy;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Thousands of random intents, scores and grants for many accounts through
 * the whole topology, checked against invariants recomputed from the output
 * alone: one verdict per unique intent, the window count is exactly the
 * accepted SMS of the last 24 hours, an accepted limited SMS never exceeds
 * the limit, a rejected one is never counted, and the score is the last one
 * published strictly before the intent's time.
 */
class RandomTrafficTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000;
    private static final long DAY = 1440 * MINUTE;

    @ParameterizedTest
    @CsvSource({"1, ROLLING, 16777216", "2, ROLLING, 16777216", "3, CALENDAR_DAY, 16777216", "4, CALENDAR_DAY, 16777216",
        "5, ROLLING, 2000", "6, CALENDAR_DAY, 2000"})   // room for two or three accounts: most intents reload theirs
    void invariantsHoldUnderRandomTraffic(long seed, Policy.WindowMode mode, long cacheMemory) throws Exception {
        Random random = new Random(seed);
        long start = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();
        int accounts = 20;
        Map<String, List<long[]>> scores = new HashMap<>();      // account -> (ts, score or 0)
        Map<String, List<Long>> acceptedSms = new HashMap<>();   // account -> times of accepted SMS
        Set<String> unique = new HashSet<>();
        ArrayDeque<String[]> recent = new ArrayDeque<>();
        int verdicts = 0;
        int rejections = 0;

        try (EnforcerDriver d = new EnforcerDriver(Policy.defaults().with(p -> p.defaultLimit(25).window(mode)), cacheMemory)) {
            long now = start;
            for (int i = 0; i < 6000; i++) {
                now += random.nextInt(120_000);
                String account = "AC" + random.nextInt(accounts);
                int roll = random.nextInt(100);
                if (roll < 3) {
                    Integer score = random.nextInt(10) == 0 ? null : 1 + random.nextInt(5);
                    d.score(account, score, Instant.ofEpochMilli(now).toString());
                    scores.computeIfAbsent(account, a -> new ArrayList<>()).add(new long[] {now, score == null ? 0 : score});
                    continue;
                }
                if (roll < 5) {
                    d.grant(account, "{\"extraDailyMessages\":" + random.nextInt(20) + ",\"expiresAt\":\""
                            + Instant.ofEpochMilli(now + random.nextInt((int) DAY)) + "\"}", Instant.ofEpochMilli(now).toString());
                    continue;
                }
                String[] intent;
                if (roll < 10 && !recent.isEmpty()) {
                    intent = recent.peekFirst();                       // a re-sent duplicate
                } else {
                    String channel = roll < 20 ? "whatsapp" : (roll < 25 ? "SMS" : null);
                    intent = new String[] {account, "SM" + i, channel};
                    recent.addLast(intent);
                    if (recent.size() > 30) {
                        recent.removeFirst();
                    }
                }
                long ts = now - (random.nextInt(10) == 0 ? random.nextInt(3_600_000) : 0); // some arrive late
                String body = "{\"messageSid\":\"" + intent[1] + "\",\"accountSid\":\"" + intent[0] + "\""
                        + (intent[2] == null ? "" : ",\"channel\":\"" + intent[2] + "\"") + "}";
                d.intent(intent[0], body, ts);
                boolean fresh = unique.add(intent[0] + "/" + intent[1]);

                List<byte[]> out = new ArrayList<>(d.accepted.readValuesToList());
                out.addAll(d.rejected.readValuesToList());
                assertThat(out).hasSize(fresh ? 1 : 0);
                if (!fresh) {
                    continue;
                }
                verdicts++;
                JsonNode v = JSON.readTree(out.get(0));
                long t = Instant.parse(v.get("evaluatedAt").asText()).toEpochMilli();
                List<Long> sent = acceptedSms.computeIfAbsent(intent[0], a -> new ArrayList<>());
                boolean accepted = v.get("verdict").asText().equals("accepted");
                boolean sms = v.get("channel").asText().equals("sms");
                if (accepted && sms) {
                    sent.add(t);
                }
                assertThat(v.get("countInWindow").asLong()).as("window count of %s", v).isEqualTo(inWindow(sent, t, mode));
                assertThat(scoreOf(v)).as("score of %s", v).isEqualTo(expectedScore(scores.get(intent[0]), t));
                if (v.get("limited").asBoolean()) {
                    long limit = v.get("dailyLimit").asLong();
                    if (accepted) {
                        assertThat(v.get("countInWindow").asLong()).isLessThanOrEqualTo(limit);
                    } else {
                        rejections++;
                        assertThat(v.get("countInWindow").asLong()).isGreaterThanOrEqualTo(limit);
                        assertThat(v.get("errorCode").asInt()).isEqualTo(63038);
                    }
                } else {
                    assertThat(accepted).isTrue();
                }
            }
            assertThat(d.deadLetters.isEmpty()).isTrue();
        }
        assertThat(verdicts).isEqualTo(unique.size());
        assertThat(rejections).as("the traffic must reach the limits to test them").isGreaterThan(50);
    }

    /** Accepted SMS whose 1-minute bucket lies in the 1440 buckets ending with t's, or on t's UTC day. */
    private static long inWindow(List<Long> sent, long t, Policy.WindowMode mode) {
        if (mode == Policy.WindowMode.CALENDAR_DAY) {
            return sent.stream().filter(s -> Math.floorDiv(s, DAY) == Math.floorDiv(t, DAY)).count();
        }
        long bucket = Math.floorDiv(t, MINUTE);
        return sent.stream().filter(s -> Math.floorDiv(s, MINUTE) > bucket - 1440).count();
    }

    private static Integer scoreOf(JsonNode v) {
        return v.get("score").isNull() ? null : v.get("score").asInt();
    }

    private static Integer expectedScore(List<long[]> published, long t) {
        Integer score = null;
        long best = Long.MIN_VALUE;
        for (long[] p : published == null ? List.<long[]>of() : published) {
            if (p[0] < t && p[0] >= best) {
                best = p[0];
                score = p[1] == 0 ? null : (int) p[1];
            }
        }
        return score;
    }
}
