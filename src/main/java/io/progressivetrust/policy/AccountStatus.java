package io.progressivetrust.policy;

import java.util.List;

/**
 * What an account owner may see of their account at one time.
 *
 * @param freeing per hour over the next 24 hours, how many SMS leave the window
 * @param history accepted SMS on each day of the history, oldest first
 */
public record AccountStatus(String accountSid, long at, boolean enrolled, Integer score, Long dailyLimit,
                            long used, Long remaining, Long nextRoomAt, List<Freeing> freeing,
                            List<DayCount> history, Grant grant, String why) {

    /** {@code count} SMS leave the window between {@code from} (excluded) and {@code to} (included). */
    public record Freeing(long from, long to, long count) { }

    /** Accepted SMS on one calendar day (epoch day in the policy's zone). */
    public record DayCount(long day, long count) { }
}
