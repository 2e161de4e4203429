package io.progressivetrust.policy;


/**
 * Everything the enforcer remembers about one account: its clock, its score
 * and grant timelines, its daily history and its window buckets. Mutable,
 * owned by one stream task at a time.
 */
public final class AccountState {

    /** The clock of an account that has judged nothing yet. */
    public static final long NO_CLOCK = Long.MIN_VALUE;
    /** When a threshold notice was sent, for one that has not been. */
    public static final long NOT_SENT = Long.MIN_VALUE;

    private long clock = NO_CLOCK;
    private final Timeline<Integer> scores;
    private final Timeline<Grant> grants;
    private final DailyHistory history;
    private final WindowBuckets buckets;
    private final long[] thresholdNoticeAt;
    // not stored: the last answer to when the window has room again, reused while only the clock moves
    private long roomFrom = NO_CLOCK;
    private long roomDay;
    private long roomAt;
    // not stored: the last limit explained, whose words a rejection with the same limit reuses
    private Limit explained;

    public AccountState() {
        this(NO_CLOCK, new Timeline<>(), new Timeline<>(), new DailyHistory(), new WindowBuckets(), NOT_SENT, NOT_SENT);
    }

    public AccountState(long clock, Timeline<Integer> scores, Timeline<Grant> grants, DailyHistory history,
                        WindowBuckets buckets, long notice80At, long notice100At) {
        this.clock = clock;
        this.scores = scores;
        this.grants = grants;
        this.history = history;
        this.buckets = buckets;
        this.thresholdNoticeAt = new long[] {notice80At, notice100At};
    }

    public long clock() {
        return clock;
    }

    public boolean hasClock() {
        return clock != NO_CLOCK;
    }

    void setClock(long clock) {
        this.clock = clock;
    }

    public Timeline<Integer> scores() {
        return scores;
    }

    public Timeline<Grant> grants() {
        return grants;
    }

    public DailyHistory history() {
        return history;
    }

    /** Accepted SMS per rolling-window bucket index. */
    public WindowBuckets buckets() {
        return buckets;
    }

    /** When the notice of this threshold was last sent, or {@link #NOT_SENT}. */
    public long thresholdNoticeAt(Notice.Threshold threshold) {
        return thresholdNoticeAt[threshold.ordinal()];
    }

    void markThresholdNotice(Notice.Threshold threshold, long at) {
        thresholdNoticeAt[threshold.ordinal()] = at;
    }

    /**
     * When the window has room again, as worked out at a time of day {@code day} not after
     * {@code t}, or null if that answer may no longer hold: something was counted or a score or
     * grant read since, the day changed, or the time it named has come.
     */
    Long roomAt(long t, long day) {
        return roomFrom != NO_CLOCK && t >= roomFrom && t < roomAt && day == roomDay ? roomAt : null;
    }

    void rememberRoom(long from, long day, long at) {
        roomFrom = from;
        roomDay = day;
        roomAt = at;
    }

    /**
     * {@code limit}, or the last limit explained if it says the same: a busy account over its
     * limit is rejected many times in a row with the same limit, and each rejection explains it.
     */
    Limit explained(Limit limit) {
        if (explained == null || !explained.explainsAs(limit)) {
            explained = limit;
        }
        return explained;
    }

    /** Called on every change other than the clock moving on; the answer above no longer holds. */
    void changed() {
        roomFrom = NO_CLOCK;
    }
}
