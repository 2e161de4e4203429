package io.progressivetrust.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A rejection's nextRoomAt may be reused from the account's previous rejection; it must always be
 * what walking the window afresh gives, whatever came in between: accepted SMS, scores and
 * grants read early or late, midnights, clocks that stand still.
 */
class NextRoomAtTest {

    @Test
    void rollingWindow() {
        checkRandomTraffic(p -> p.defaultLimit(30), 1);
    }

    @Test
    void calendarDayInAZoneWithClockChanges() {
        checkRandomTraffic(p -> p.defaultLimit(30).window(Policy.WindowMode.CALENDAR_DAY)
                .zone(ZoneId.of("America/New_York")), 2);
    }

    @Test
    void coarseBucketsAndActiveDays() {
        checkRandomTraffic(p -> p.defaultLimit(30).bucket(Duration.ofMinutes(15)).average(Policy.Average.ACTIVE_DAYS), 3);
    }

    @Test
    void shadowModeWhereEveryRejectionCounts() {
        checkRandomTraffic(p -> p.defaultLimit(30).mode(Policy.Mode.SHADOW), 4);
    }

    private static void checkRandomTraffic(UnaryOperator<Policy.Knobs> knobs, long seed) {
        Random random = new Random(seed);
        Policy policy = Policy.defaults().with(knobs);
        int rejections = 0;
        for (int n = 0; n < 40; n++) {
            Account account = new Account("AC" + n, policy);
            long t = Account.at("2026-03-07T00:00:00Z") + random.nextInt(86_400_000);
            account.enforcer.applyScore(account.sid, account.state, t - 1, 2 + random.nextInt(4));
            for (int i = 0; i < 3_000; i++) {
                t += step(random);
                int what = random.nextInt(100);
                if (what == 0) {
                    // a score read early (for later) or late (older than the clock)
                    long at = t + (random.nextInt(7_200_000) - 3_600_000);
                    account.enforcer.applyScore(account.sid, account.state, at, random.nextInt(6) == 0 ? null : 1 + random.nextInt(5));
                } else if (what == 1) {
                    long at = t + (random.nextInt(7_200_000) - 3_600_000);
                    Grant grant = new Grant(random.nextInt(20), at + 1 + random.nextInt(14_400_000), "{}");
                    account.enforcer.applyGrant(account.sid, account.state, at, random.nextInt(5) == 0 ? null : grant);
                } else {
                    Verdict v = account.enforcer.judge(account.state, new Intent("SM" + n + "-" + i, account.sid, "sms"), t,
                            account.seen).orElseThrow().verdict();
                    if (v.overLimit()) {
                        rejections++;
                        assertThat(v.nextRoomAt()).as("account %d, intent %d", n, i)
                                .isEqualTo(account.enforcer.nextRoomAt(account.state, v.evaluatedAt()));
                    }
                }
            }
        }
        assertThat(rejections).as("rejections checked").isGreaterThan(10_000);
    }

    /** Mostly seconds apart, sometimes at the same instant, now and then hours. */
    private static long step(Random random) {
        int kind = random.nextInt(20);
        if (kind < 4) {
            return 0;
        }
        return kind < 19 ? random.nextInt(120_000) : random.nextInt(6 * 3_600_000);
    }
}
