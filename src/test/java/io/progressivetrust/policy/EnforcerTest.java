package io.progressivetrust.policy;

import static io.progressivetrust.policy.Account.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnforcerTest {

    private static final Policy DEFAULTS = Policy.defaults();

    @Test
    void anAccountWithNoHistoryGetsTheDefaultLimitAndTheRestIsRejected() {
        Account a = new Account("AC1", DEFAULTS);
        a.score("2026-01-01T00:00:00Z", 3);

        assertThat(a.burst("2026-03-01T10:00:00Z", 1000)).isEqualTo(1000);
        Verdict over = a.sms("2026-03-01T10:00:20Z");

        assertThat(over.accepted()).isFalse();
        assertThat(over.dailyLimit()).isEqualTo(1000);
        assertThat(over.countInWindow()).isEqualTo(1000);
        assertThat(over.errorMessage()).startsWith("Account AC1 exceeded the 1000 daily messages limit");
        // at midnight the limit becomes ceil(2 x 1000 / 60) = 34, still below the 1000 in the window;
        // room opens when the 10:00 bucket leaves, 24 hours later
        assertThat(over.nextRoomAt()).isEqualTo(at("2026-03-02T10:00:00Z"));
        assertThat(over.errorMessage()).contains("2026-03-02T10:00:00Z");
    }

    @Test
    void underActiveDaysANewAccountsHistoryIsAveragedOverTheDaysSinceItsFirstSms() {
        Account a = new Account("AC1", DEFAULTS.with(p -> p.average(Policy.Average.ACTIVE_DAYS)));
        a.score("2026-01-01T00:00:00Z", 3);
        assertThat(a.burst("2026-03-01T10:00:00Z", 1000)).isEqualTo(1000);

        // the next day: 1,000 SMS over 1 active day, so ceil(2 x 1000 / 1) = 2,000 (34 under history-days)
        Verdict nextDay = a.sms("2026-03-02T11:00:00Z");
        assertThat(nextDay.dailyLimit()).isEqualTo(2000);
        // three days after the first: 1,001 SMS over 3 days, ceil(2 x 1001 / 3) = 668
        Verdict later = a.sms("2026-03-04T12:00:00Z");
        assertThat(later.dailyLimit()).isEqualTo(668);
        assertThat(a.enforcer.status("AC1", a.state, at("2026-03-04T12:00:00Z")).why())
                .isEqualTo("score 3 allows 2x the average of 333.67 SMS a day over the 3 days since its first SMS "
                        + "(1001 in 3 days): 668");
    }

    @Test
    void underActiveDaysAnAccountWithAFullHistoryHasTheFormulasLimit() {
        Account active = new Account("AC1", DEFAULTS.with(p -> p.average(Policy.Average.ACTIVE_DAYS)));
        Account published = new Account("AC1", DEFAULTS);
        for (Account a : List.of(active, published)) {
            a.burst("2026-01-01T12:00:00Z", 90);   // D-60 of 2026-03-02
            a.score("2026-01-02T00:00:00Z", 5);
        }
        Verdict v = active.sms("2026-03-02T12:00:00Z");
        assertThat(v.dailyLimit()).isEqualTo(published.sms("2026-03-02T12:00:00Z").dailyLimit()).isEqualTo(3);
    }

    @Test
    void aCoarserWindowBucketStartsTheWindowAfreshInsteadOfLockingTheAccountOut() {
        Account a = new Account("AC1", DEFAULTS);
        a.score("2026-01-01T00:00:00Z", 3);
        assertThat(a.burst("2026-03-01T10:00:00Z", 1000)).isEqualTo(1000);

        // the operator changes pt.window.bucket from 1m to 5m: minute indexes are five times the new ones
        Enforcer coarser = new Enforcer(DEFAULTS.with(p -> p.bucket(java.time.Duration.ofMinutes(5))));
        Verdict v = coarser.judge(a.state, new Intent("SMnext", "AC1", "sms"), at("2026-03-02T10:10:00Z"), a.seen)
                .orElseThrow().verdict();
        assertThat(v.accepted()).isTrue();
        assertThat(v.countInWindow()).isEqualTo(1);
        assertThat(a.state.buckets().bucketMs()).isEqualTo(300_000);
    }

    @Test
    void aGrantBeyondTheLargestLimitSaturatesInsteadOfFailingEveryIntent() {
        Account a = new Account("AC1", DEFAULTS);
        a.score("2026-01-01T00:00:00Z", 3);
        a.grant("2026-01-02T00:00:00Z", Long.MAX_VALUE - 10, null);

        Verdict v = a.sms("2026-03-01T10:00:00Z");
        assertThat(v.accepted()).isTrue();
        assertThat(v.dailyLimit()).isEqualTo(Long.MAX_VALUE);
        assertThat(a.sms("2026-03-01T10:00:01Z").countInWindow()).isEqualTo(2);
    }

    @Test
    void theLimitIsTheCeilingOfTheMultipliedAverage() {
        Account a = new Account("AC1", DEFAULTS);
        a.burst("2026-02-01T12:00:00Z", 21); // unenrolled: unlimited, but counted
        a.score("2026-02-02T00:00:00Z", 4);

        Verdict first = a.sms("2026-03-02T12:00:00Z");
        Verdict second = a.sms("2026-03-02T12:00:01Z");

        // 1.8 x 21 / 60 = 0.63, so 1 and not 0
        assertThat(first.dailyLimit()).isEqualTo(1);
        assertThat(first.accepted()).isTrue();
        assertThat(second.accepted()).isFalse();
    }

    @Test
    void theHistoryCoversDayDMinus60ButNotDMinus61() {
        Account a = new Account("AC1", DEFAULTS);
        a.burst("2025-12-31T12:00:00Z", 30); // D-61 of 2026-03-02
        a.burst("2026-01-01T12:00:00Z", 30); // D-60
        a.score("2026-01-02T00:00:00Z", 3);

        // S = 30 gives ceil(2 x 30 / 60) = 1; with D-61 it would be 2
        Verdict v = a.sms("2026-03-02T12:00:00Z");
        assertThat(v.dailyLimit()).isEqualTo(1);
        assertThat(a.sms("2026-03-02T12:00:01Z").errorMessage())
                .contains("score 3", "2x", "60-day average of 0.5 SMS a day (30 in 60 days)");
    }

    @Test
    void theLimitGrowsAtMidnightWhenTheHistoryDoes() {
        Account a = new Account("AC1", DEFAULTS);
        a.burst("2026-01-01T12:00:00Z", 60);
        a.score("2026-01-02T00:00:00Z", 3);

        assertThat(a.burst("2026-03-01T12:00:00Z", 2)).isEqualTo(2); // S = 60: limit 2
        Verdict over = a.sms("2026-03-01T12:00:00Z");

        // on 2026-03-02 S = 60 + 2 = 62 and the limit ceil(124 / 60) = 3 > 2 in the window
        assertThat(over.accepted()).isFalse();
        assertThat(over.nextRoomAt()).isEqualTo(at("2026-03-02T00:00:00Z"));
        assertThat(a.sms("2026-03-02T00:00:00Z").accepted()).isTrue();
    }

    @Test
    void aBucketExactly24HoursOldHasLeftTheWindow() {
        Account a = new Account("AC1", DEFAULTS.with(p -> p.defaultLimit(1)));
        a.score("2026-01-01T00:00:00Z", 3);

        assertThat(a.sms("2026-03-01T10:00:30Z").accepted()).isTrue();
        Verdict stillIn = a.sms("2026-03-02T09:59:59Z");
        Verdict out = a.sms("2026-03-02T10:00:00Z");

        assertThat(stillIn.accepted()).isFalse();
        assertThat(stillIn.nextRoomAt()).isEqualTo(at("2026-03-02T10:00:00Z"));
        assertThat(out.accepted()).isTrue();
        assertThat(out.countInWindow()).isEqualTo(1);
    }

    @Test
    void roomCanOpenWhenAScoreAlreadyPublishedForLaterTakesEffect() {
        Account a = new Account("AC1", DEFAULTS.with(p -> p.defaultLimit(1)));
        a.score("2026-01-01T00:00:00Z", 3);
        a.score("2026-03-01T15:00:00Z", 1); // read now, in force after 15:00
        a.sms("2026-03-01T10:00:00Z");

        Verdict over = a.sms("2026-03-01T10:01:00Z");

        assertThat(over.accepted()).isFalse();
        assertThat(over.nextRoomAt()).isEqualTo(at("2026-03-01T15:00:00.001Z"));
    }

    @Test
    void aGrantAddsUntilItsExpiryInstantExcluded() {
        Account a = new Account("AC1", DEFAULTS.with(p -> p.defaultLimit(2)));
        a.score("2026-01-01T00:00:00Z", 3);
        a.grant("2026-02-28T00:00:00Z", 1, "2026-03-01T12:00:00Z");

        assertThat(a.sms("2026-03-01T11:59:59.999Z").dailyLimit()).isEqualTo(3);
        assertThat(a.sms("2026-03-01T12:00:00Z").dailyLimit()).isEqualTo(2);
    }

    @Test
    void eachRejectionExplainsTheLimitInForceNotOneExplainedBefore() {
        Account a = new Account("AC1", DEFAULTS.with(p -> p.defaultLimit(2)));
        a.score("2026-01-01T00:00:00Z", 3);
        a.burst("2026-03-01T10:00:00Z", 2);
        assertThat(a.sms("2026-03-01T10:00:01Z").errorMessage()).contains("default limit of 2").doesNotContain("granted");

        a.grant("2026-03-01T10:01:00Z", 1, null);
        assertThat(a.sms("2026-03-01T10:02:00Z").accepted()).isTrue();
        assertThat(a.sms("2026-03-01T10:03:00Z").errorMessage()).contains("plus 1 extra daily messages granted")
                .doesNotContain("until");

        // the same limit, granted again with an expiry: the figures differ, and so do the words
        a.grant("2026-03-01T10:04:00Z", 1, "2026-03-09T00:00:00Z");
        assertThat(a.sms("2026-03-01T10:05:00Z").errorMessage())
                .contains("plus 1 extra daily messages granted until 2026-03-09T00:00:00Z");
    }

    @Test
    void aGrantWithoutExpiryLastsUntilRevoked() {
        Account a = new Account("AC1", DEFAULTS.with(p -> p.defaultLimit(2)));
        a.score("2026-01-01T00:00:00Z", 3);
        a.grant("2026-01-01T00:00:00Z", 5, null);
        assertThat(a.sms("2026-06-01T00:00:00Z").dailyLimit()).isEqualTo(7);

        a.enforcer.applyGrant(a.sid, a.state, at("2026-06-01T01:00:00Z"), null);
        assertThat(a.sms("2026-06-01T01:00:01Z").dailyLimit()).isEqualTo(2);
    }

    @Test
    void aScoreAppliesStrictlyAfterItsTimestamp() {
        Account a = new Account("AC1", DEFAULTS);
        a.score("2026-03-01T00:00:00Z", 3);
        a.score("2026-03-01T10:00:00Z", 1);

        Verdict same = a.sms("2026-03-01T10:00:00Z");
        Verdict after = a.sms("2026-03-01T10:00:00.001Z");

        assertThat(same.score()).isEqualTo(3);
        assertThat(same.limited()).isTrue();
        assertThat(after.score()).isEqualTo(1);
        assertThat(after.limited()).isFalse();
        assertThat(after.dailyLimit()).isNull();
    }

    @Test
    void ofTwoScoresWithOneTimestampTheOneReadLastWins() {
        Account a = new Account("AC1", DEFAULTS);
        a.score("2026-03-01T00:00:00Z", 3);
        a.score("2026-03-01T00:00:00Z", 5);
        assertThat(a.sms("2026-03-01T01:00:00Z").score()).isEqualTo(5);
    }

    @Test
    void aLateIntentIsJudgedAtTheAccountsClock() {
        Account a = new Account("AC1", DEFAULTS);
        a.sms("2026-03-01T10:00:00Z");
        Verdict late = a.sms("2026-03-01T09:00:00Z");
        assertThat(late.evaluatedAt()).isEqualTo(at("2026-03-01T10:00:00Z"));
    }

    @Test
    void aLateScoreAppliesFromThenOn() {
        Account a = new Account("AC1", DEFAULTS);
        Verdict before = a.sms("2026-03-01T10:00:00Z");
        a.score("2026-03-01T09:00:00Z", 4);
        Verdict after = a.sms("2026-03-01T09:30:00Z");

        assertThat(before.score()).isNull();
        assertThat(after.score()).isEqualTo(4);
        assertThat(after.evaluatedAt()).isEqualTo(at("2026-03-01T10:00:00Z"));
    }

    @Test
    void aScoreOlderThanTheOneInForceIsIgnored() {
        Account a = new Account("AC1", DEFAULTS);
        a.score("2026-03-01T08:00:00Z", 3);
        a.sms("2026-03-01T10:00:00Z");
        a.score("2026-03-01T07:00:00Z", 5);
        assertThat(a.sms("2026-03-01T10:00:01Z").score()).isEqualTo(3);
    }

    @Test
    void aDuplicateGetsNoVerdictAndDoesNotMoveTheClock() {
        Account a = new Account("AC1", DEFAULTS.with(p -> p.defaultLimit(5)));
        a.score("2026-01-01T00:00:00Z", 3);
        assertThat(a.judge("SM1", "2026-03-01T10:00:00Z", null)).isPresent();

        assertThat(a.judge("SM1", "2026-03-01T10:05:00Z", null)).isEmpty();
        Verdict next = a.judge("SM2", "2026-03-01T09:00:00Z", null).orElseThrow().verdict();

        assertThat(next.evaluatedAt()).isEqualTo(at("2026-03-01T10:00:00Z"));
        assertThat(next.countInWindow()).isEqualTo(2);
    }

    @Test
    void aMessageSidIsForgottenOnceTheRetentionHasPassed() {
        Account a = new Account("AC1", DEFAULTS);
        a.judge("SM1", "2026-03-01T10:00:00Z", null);

        assertThat(a.judge("SM1", "2026-03-02T09:59:59.999Z", null)).isEmpty();
        assertThat(a.judge("SM1", "2026-03-02T10:00:00Z", null)).isPresent();
        assertThat(a.seen.size()).isEqualTo(1);
    }

    @Test
    void nonSmsIsAcceptedUnlimitedAndNotCountedEvenAtTheLimit() {
        Account a = new Account("AC1", DEFAULTS.with(p -> p.defaultLimit(1)));
        a.score("2026-01-01T00:00:00Z", 3);
        a.sms("2026-03-01T10:00:00Z");

        Verdict whatsapp = a.send("2026-03-01T10:01:00Z", "WhatsApp");
        Verdict sms = a.sms("2026-03-01T10:02:00Z");

        assertThat(whatsapp.accepted()).isTrue();
        assertThat(whatsapp.limited()).isFalse();
        assertThat(whatsapp.dailyLimit()).isNull();
        assertThat(whatsapp.score()).isEqualTo(3);
        assertThat(whatsapp.channel()).isEqualTo("whatsapp");
        assertThat(whatsapp.countInWindow()).isEqualTo(1);
        assertThat(sms.accepted()).isFalse();
        assertThat(sms.countInWindow()).isEqualTo(1);
    }

    @Test
    void theChannelIsComparedWithoutRegardToCase() {
        Account a = new Account("AC1", DEFAULTS.with(p -> p.defaultLimit(1)));
        a.score("2026-01-01T00:00:00Z", 3);
        assertThat(a.send("2026-03-01T10:00:00Z", "SMS").limited()).isTrue();
        assertThat(a.send("2026-03-01T10:00:01Z", "Sms").accepted()).isFalse();
    }

    @Test
    void calendarDayWindowsTurnOverAtTheZonesMidnight() {
        Policy policy = DEFAULTS.with(p -> p.defaultLimit(1).window(Policy.WindowMode.CALENDAR_DAY)
                .zone(ZoneId.of("America/New_York")));
        Account a = new Account("AC1", policy);
        a.score("2026-01-01T00:00:00Z", 3);

        Verdict lastMinute = a.sms("2026-03-01T04:59:00Z"); // 23:59 on 28 Feb in New York
        Verdict sameDay = a.sms("2026-03-01T04:59:30Z");
        Verdict nextDay = a.sms("2026-03-01T05:00:00Z");    // midnight in New York

        assertThat(lastMinute.accepted()).isTrue();
        assertThat(sameDay.accepted()).isFalse();
        assertThat(sameDay.nextRoomAt()).isEqualTo(at("2026-03-01T05:00:00Z"));
        assertThat(nextDay.accepted()).isTrue();
        assertThat(nextDay.countInWindow()).isEqualTo(1);
    }

    @Test
    void scoreOneIsUnlimitedButItsSmsBuildTheHistory() {
        Account a = new Account("AC1", DEFAULTS);
        a.score("2026-01-01T00:00:00Z", 1);
        a.burst("2026-02-01T12:00:00Z", 120);
        a.score("2026-02-02T00:00:00Z", 2);

        Verdict v = a.sms("2026-02-15T00:00:00Z");
        assertThat(v.dailyLimit()).isEqualTo(6); // ceil(3 x 120 / 60)
    }

    @Test
    void unenrolledAccountsFollowTheUnenrolledPolicy() {
        Verdict free = new Account("AC1", DEFAULTS).sms("2026-03-01T00:00:00Z");
        Verdict asFour = new Account("AC2", DEFAULTS.with(p -> p.unenrolledScore(4))).sms("2026-03-01T00:00:00Z");

        assertThat(free.limited()).isFalse();
        assertThat(free.score()).isNull();
        assertThat(free.countInWindow()).isEqualTo(1);
        assertThat(asFour.limited()).isTrue();
        assertThat(asFour.score()).isEqualTo(4);
        assertThat(asFour.dailyLimit()).isEqualTo(1000);
    }

    @Test
    void shadowModeAcceptsAndCountsWhatItWouldHaveRejected() {
        Account a = new Account("AC1", DEFAULTS.with(p -> p.defaultLimit(1).mode(Policy.Mode.SHADOW)));
        a.score("2026-01-01T00:00:00Z", 3);
        a.sms("2026-03-01T10:00:00Z");
        Verdict over = a.sms("2026-03-01T10:00:01Z");

        assertThat(over.accepted()).isTrue();
        assertThat(over.shadowRejected()).isTrue();
        assertThat(over.countInWindow()).isEqualTo(2);
        assertThat(over.errorMessage()).startsWith("Account AC1 exceeded the 1 daily messages limit");
        assertThat(over.nextRoomAt()).isEqualTo(at("2026-03-02T10:00:00Z"));
    }

    @Test
    void ownersAreToldOfEnrolmentThresholdsAndLimitChanges() {
        Account a = new Account("AC1", DEFAULTS.with(p -> p.defaultLimit(10)));
        List<Notice> enrolled = a.score("2026-03-01T00:00:00Z", 3);
        assertThat(enrolled).singleElement().satisfies(n -> {
            assertThat(n.type()).isEqualTo(Notice.Type.ENROLLED);
            assertThat(n.dailyLimit()).isEqualTo(10);
            assertThat(n.score()).isEqualTo(3);
            assertThat(n.at()).isEqualTo(at("2026-03-01T00:00:00Z"));
        });

        List<String> seen = new java.util.ArrayList<>();
        for (int i = 0; i < 11; i++) {
            a.judge("SM" + i, "2026-03-01T10:00:00Z", null).orElseThrow().notices()
                    .forEach(n -> seen.add(n.type().text() + n.percent()));
        }
        assertThat(seen).containsExactly("threshold80", "threshold100");

        List<Notice> granted = a.grant("2026-03-01T10:30:00Z", 5, "2026-03-05T00:00:00Z");
        assertThat(granted).singleElement().satisfies(n -> {
            assertThat(n.type()).isEqualTo(Notice.Type.LIMIT_CHANGED);
            assertThat(n.dailyLimit()).isEqualTo(15);
        });
        // the same window has had both thresholds already
        for (int i = 11; i < 20; i++) {
            assertThat(a.judge("SM" + i, "2026-03-01T11:00:00Z", null).orElseThrow().notices()).isEmpty();
        }
        assertThat(a.score("2026-03-01T12:00:00Z", 4)).isEmpty(); // still the default 10 + 5
        assertThat(a.score("2026-03-01T13:00:00Z", null)).singleElement()
                .satisfies(n -> assertThat(n.dailyLimit()).isNull());
    }

    @Test
    void thresholdNoticesComeAgainInTheNextWindow() {
        Account a = new Account("AC1", DEFAULTS.with(p -> p.defaultLimit(1)));
        a.score("2026-01-01T00:00:00Z", 3);
        assertThat(a.judge("SM1", "2026-03-01T10:00:00Z", null).orElseThrow().notices()).hasSize(2);
        assertThat(a.judge("SM2", "2026-03-02T09:00:00Z", null).orElseThrow().notices()).isEmpty();
        assertThat(a.judge("SM3", "2026-03-02T10:00:00Z", null).orElseThrow().notices()).hasSize(2);
    }

    @Test
    void statusShowsUsageRoomAndWhenMessagesLeaveTheWindow() {
        Account a = new Account("AC1", DEFAULTS.with(p -> p.defaultLimit(3)));
        a.score("2026-01-01T00:00:00Z", 3);
        a.burst("2026-03-01T10:00:00Z", 2);
        a.burst("2026-03-01T12:30:00Z", 1);

        AccountStatus s = a.enforcer.status("AC1", a.state, at("2026-03-01T12:30:00Z"));

        assertThat(s.enrolled()).isTrue();
        assertThat(s.used()).isEqualTo(3);
        assertThat(s.remaining()).isZero();
        // on 2 March the limit falls to ceil(2 x 3 / 60) = 1: the two 10:00 messages leaving
        // is not enough, there is room only when the 12:30 one leaves too
        assertThat(s.nextRoomAt()).isEqualTo(at("2026-03-02T12:30:00Z"));
        assertThat(s.freeing()).hasSize(24);
        // from 12:30 the 10:00 messages leave at 10:00 next day (hour 21), the 12:30 one at 12:30 (hour 23)
        assertThat(s.freeing().get(21).count()).isEqualTo(2);
        assertThat(s.freeing().get(23).count()).isEqualTo(1);
        assertThat(s.freeing().stream().mapToLong(AccountStatus.Freeing::count).sum()).isEqualTo(3);
        assertThat(s.history()).hasSize(60);
        assertThat(Instant.ofEpochMilli(s.at())).isEqualTo(Instant.parse("2026-03-01T12:30:00Z"));
    }
}
