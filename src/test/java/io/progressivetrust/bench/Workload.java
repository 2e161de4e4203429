package io.progressivetrust.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Send intents skewed like real traffic: an account's share falls with its rank as 1/rank
 * (Zipf, exponent 1), so over 100,000 accounts the busiest sends about 8 % of the intents and
 * the top 1 % about 62 %. About 250 bytes each; 5 % are WhatsApp and 0.5 % re-send an
 * account's previous message. Every account has a Reputation Score.
 */
final class Workload {

    private static final String BODY = "Your verification code is 482913. Do not share it with anyone. Reply STOP to opt out.";

    private final int accounts;
    private final double[] cumulative;
    private final Random random;
    private final long[] lastSid;
    private long sequence;

    Workload(int accounts, long seed) {
        this.accounts = accounts;
        this.random = new Random(seed);
        this.lastSid = new long[accounts];
        Arrays.fill(lastSid, -1);
        cumulative = new double[accounts];
        double sum = 0;
        for (int rank = 1; rank <= accounts; rank++) {
            sum += 1.0 / rank;
            cumulative[rank - 1] = sum;
        }
        for (int i = 0; i < accounts; i++) {
            cumulative[i] /= sum;
        }
    }

    static String account(int n) {
        return String.format(Locale.ROOT, "AC%032x", n);
    }

    /** Score 1 to a tenth of the accounts, 2 and 3 to three tenths each, 4 to two, 5 to one. */
    static int score(int account) {
        int decile = Math.floorMod(account * 7919, 10);
        return decile == 0 ? 1 : decile <= 3 ? 2 : decile <= 6 ? 3 : decile <= 8 ? 4 : 5;
    }

    static byte[] scoreRecord(int account) {
        return utf8("{\"score\":" + score(account) + "}");
    }

    /** The next intent's account, by the skew. */
    int nextAccount() {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(accounts - 1, i >= 0 ? i : -i - 1);
    }

    /** An intent of {@code account}; its message SID is prefixed with {@code run} to keep runs apart. */
    byte[] intent(int account, String run) {
        long sid;
        if (lastSid[account] >= 0 && random.nextInt(200) == 0) {
            sid = lastSid[account];
        } else {
            sid = sequence++;
            lastSid[account] = sid;
        }
        String channel = random.nextInt(20) == 0 ? "whatsapp" : "sms";
        return utf8(String.format(Locale.ROOT, "{\"messageSid\":\"SM%s%030x\",\"accountSid\":\"%s\",\"channel\":\"%s\","
                + "\"to\":\"+1555%07d\",\"from\":\"+1555%07d\",\"body\":\"%s\"}", run, sid, account(account), channel,
                random.nextInt(10_000_000), account % 10_000_000, BODY));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
