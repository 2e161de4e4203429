package io.progressivetrust.policy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The Progressive Trust table and the knobs around it, validated once at
 * construction so that nothing downstream needs to re-check them.
 *
 * @param multipliers limit multiplier of each score 2..5 (score 1 is always unlimited)
 * @param defaultLimit the limit of an account with no SMS in the history
 * @param historyDays N, the number of whole days the average is taken over
 * @param unenrolledScore score applied to accounts with no score, or null for unlimited
 * @param window how the 24-hour window is counted
 * @param bucket the rolling window's granularity
 * @param zone the zone whose calendar days the history and calendar window use
 * @param dedupeRetention how long a message SID is remembered
 * @param mode enforce, or shadow (accept everything, say what enforcement would have done)
 * @param average what the history's sum is divided by: the history's days, or the account's active days
 */
public record Policy(Map<Integer, Multiplier> multipliers, long defaultLimit, int historyDays,
                     Integer unenrolledScore, WindowMode window, Duration bucket, ZoneId zone,
                     Duration dedupeRetention, Mode mode, Average average) {

    public static final Duration WINDOW_LENGTH = Duration.ofHours(24);
    public static final int ERROR_CODE = 63038;

    /** A policy setting whose value is one of a few words: the constant's name in lower case, dashed. */
    public interface Word {
        String name();

        default String text() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** The constant whose word this is, regardless of case; the error lists the words. */
        static <E extends Enum<E> & Word> E parse(Class<E> type, String text) {
            for (E e : type.getEnumConstants()) {
                if (e.text().equalsIgnoreCase(text.trim())) {
                    return e;
                }
            }
            throw new IllegalArgumentException("must be " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(e -> "'" + e.text() + "'").collect(java.util.stream.Collectors.joining(" or "))
                    + ", got '" + text + "'");
        }
    }

    public enum WindowMode implements Word {
        ROLLING, CALENDAR_DAY;

        public static WindowMode parse(String text) {
            return Word.parse(WindowMode.class, text);
        }
    }

    /**
     * The days the history's sum is averaged over. {@code HISTORY_DAYS}, the published formula:
     * always N. {@code ACTIVE_DAYS}, a gentler ramp for new accounts: the days from the account's
     * first SMS within the history to yesterday (at least 1), so that a new account that sent
     * its default 1,000 on its first day is not cut to ceil(2 x 1,000 / 60) = 34 the next.
     */
    public enum Average implements Word {
        HISTORY_DAYS, ACTIVE_DAYS;

        public static Average parse(String text) {
            return Word.parse(Average.class, text);
        }
    }

    public enum Mode implements Word {
        ENFORCE, SHADOW;

        public static Mode parse(String text) {
            return Word.parse(Mode.class, text);
        }
    }

    public Policy {
        multipliers = Map.copyOf(multipliers);
        for (int score = 2; score <= 5; score++) {
            if (!multipliers.containsKey(score)) {
                throw new IllegalArgumentException("no multiplier for score " + score);
            }
        }
        if (defaultLimit < 0) {
            throw new IllegalArgumentException("the default limit must not be negative, got " + defaultLimit);
        }
        if (historyDays < 1) {
            throw new IllegalArgumentException("the history must cover at least 1 day, got " + historyDays);
        }
        if (unenrolledScore != null && (unenrolledScore < 1 || unenrolledScore > 5)) {
            throw new IllegalArgumentException("the unenrolled score must be 1..5, got " + unenrolledScore);
        }
        long bucketMs = bucket.toMillis();
        if (bucketMs <= 0 || WINDOW_LENGTH.toMillis() % bucketMs != 0) {
            throw new IllegalArgumentException("the window bucket must divide 24h evenly (1m, 5m, 1h...), got " + bucket);
        }
        if (dedupeRetention.toMillis() <= 0) {
            throw new IllegalArgumentException("the dedupe retention must be positive, got " + dedupeRetention);
        }
    }

    /** The published table: 3x, 2x, 1.8x, 1.6x, default 1,000, 60 days, rolling 1-minute buckets, UTC. */
    public static Policy defaults() {
        return new Policy(defaultMultipliers(), 1000, 60, null, WindowMode.ROLLING,
                Duration.ofMinutes(1), ZoneId.of("UTC"), Duration.ofHours(24), Mode.ENFORCE, Average.HISTORY_DAYS);
    }

    public static Map<Integer, Multiplier> defaultMultipliers() {
        return Map.of(2, Multiplier.parse("3.0"), 3, Multiplier.parse("2.0"),
                4, Multiplier.parse("1.8"), 5, Multiplier.parse("1.6"));
    }

    /** A copy with some knobs changed: {@code policy.with(p -> p.defaultLimit(25).window(WindowMode.CALENDAR_DAY))}. */
    public Policy with(UnaryOperator<Knobs> change) {
        return change.apply(new Knobs(this)).policy();
    }

    /** The knobs of a policy, for a copy with some of them changed. */
    public static final class Knobs {
        private final Map<Integer, Multiplier> multipliers;
        private final int historyDays;
        private long defaultLimit;
        private Integer unenrolledScore;
        private WindowMode window;
        private Duration bucket;
        private ZoneId zone;
        private final Duration dedupeRetention;
        private Mode mode;
        private Average average;

        private Knobs(Policy p) {
            multipliers = p.multipliers;
            historyDays = p.historyDays;
            defaultLimit = p.defaultLimit;
            unenrolledScore = p.unenrolledScore;
            window = p.window;
            bucket = p.bucket;
            zone = p.zone;
            dedupeRetention = p.dedupeRetention;
            mode = p.mode;
            average = p.average;
        }

        public Knobs defaultLimit(long v) { defaultLimit = v; return this; }
        public Knobs unenrolledScore(Integer v) { unenrolledScore = v; return this; }
        public Knobs window(WindowMode v) { window = v; return this; }
        public Knobs bucket(Duration v) { bucket = v; return this; }
        public Knobs zone(ZoneId v) { zone = v; return this; }
        public Knobs mode(Mode v) { mode = v; return this; }
        public Knobs average(Average v) { average = v; return this; }

        private Policy policy() {
            return new Policy(multipliers, defaultLimit, historyDays, unenrolledScore, window, bucket, zone, dedupeRetention,
                    mode, average);
        }
    }
}
