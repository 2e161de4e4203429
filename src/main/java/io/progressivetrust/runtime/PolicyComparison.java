package io.progressivetrust.runtime;

import io.progressivetrust.policy.AccountState;
import io.progressivetrust.policy.Enforcer;
import io.progressivetrust.policy.Judgement;
import io.progressivetrust.policy.MemorySeenMessages;
import io.progressivetrust.policy.Policy;
import io.progressivetrust.topology.RecordReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Judges one stream of records under two policies side by side, in memory, and counts the
 * verdicts that differ: per score (the score in force under the current policy) and per
 * account. Records must come in the order Kafka Streams would read them (by timestamp).
 * Records that cannot be read are counted and skipped, as the application would dead-letter them.
 */
final class PolicyComparison {

    /** Verdicts of one group of intents under the current policy and under the change. */
    static final class Tally {
        long intents;
        long acceptedNow;
        long acceptedWithChange;
        long nowRejected;      // accepted now, rejected with the change
        long nowAccepted;      // rejected now, accepted with the change
    }

    private final Side current;
    private final Side changed;
    final Map<String, Tally> byScore = new TreeMap<>();
    final Map<String, Tally> byAccount = new HashMap<>();
    long unreadable;
    long duplicates;

    PolicyComparison(Policy current, Policy changed) {
        this.current = new Side(new Enforcer(current));
        this.changed = new Side(new Enforcer(changed));
    }

    /** One side: an enforcer and the accounts as it has judged them. */
    private static final class Side {
        final Enforcer enforcer;
        final Map<String, AccountState> accounts = new HashMap<>();
        final Map<String, MemorySeenMessages> seen = new HashMap<>();

        Side(Enforcer enforcer) {
            this.enforcer = enforcer;
        }

        AccountState account(String sid) {
            return accounts.computeIfAbsent(sid, s -> new AccountState());
        }

        Optional<Judgement> judge(RecordReader.ReadIntent intent, long ts) {
            String sid = intent.intent().accountSid();
            return enforcer.judge(account(sid), intent.intent(), ts, seen.computeIfAbsent(sid, s -> new MemorySeenMessages()));
        }
    }

    void score(byte[] key, byte[] value, long ts) {
        control(key, () -> RecordReader.score(value),
                (side, sid, score) -> side.enforcer.applyScore(sid, side.account(sid), ts, score));
    }

    void grant(byte[] key, byte[] value, long ts) {
        control(key, () -> RecordReader.grant(value),
                (side, sid, grant) -> side.enforcer.applyGrant(sid, side.account(sid), ts, grant));
    }

    private interface Apply<T> {
        void apply(Side side, String sid, T value);
    }

    /** Reads a score or grant once and applies it on both sides; one that cannot be read is counted. */
    private <T> void control(byte[] key, Supplier<T> read, Apply<T> apply) {
        try {
            String sid = RecordReader.account(key);
            T value = read.get();
            apply.apply(current, sid, value);
            apply.apply(changed, sid, value);
        } catch (RuntimeException e) {
            unreadable++;
        }
    }

    void intent(byte[] key, byte[] value, long ts) {
        RecordReader.ReadIntent intent;
        try {
            intent = RecordReader.intent(key, value);
        } catch (RuntimeException e) {
            unreadable++;
            return;
        }
        Optional<Judgement> now = current.judge(intent, ts);
        Optional<Judgement> then = changed.judge(intent, ts);
        if (now.isEmpty() || then.isEmpty()) {
            duplicates++;
            return;
        }
        boolean acceptedNow = now.get().verdict().accepted() && !now.get().verdict().overLimit();
        boolean acceptedThen = then.get().verdict().accepted() && !then.get().verdict().overLimit();
        Integer score = now.get().verdict().score();
        count(byScore.computeIfAbsent(score == null ? "none" : score.toString(), s -> new Tally()), acceptedNow, acceptedThen);
        if (acceptedNow != acceptedThen) {
            count(byAccount.computeIfAbsent(intent.intent().accountSid(), s -> new Tally()), acceptedNow, acceptedThen);
        }
    }

    private static void count(Tally t, boolean acceptedNow, boolean acceptedThen) {
        t.intents++;
        t.acceptedNow += acceptedNow ? 1 : 0;
        t.acceptedWithChange += acceptedThen ? 1 : 0;
        t.nowRejected += acceptedNow && !acceptedThen ? 1 : 0;
        t.nowAccepted += !acceptedNow && acceptedThen ? 1 : 0;
    }

    /** The score in force for an account under the current policy at its own clock, for the report. */
    Integer scoreOf(String sid) {
        AccountState state = current.accounts.get(sid);
        return state == null || !state.hasClock() ? null
                : current.enforcer.status(sid, state, state.clock()).score();
    }
}
