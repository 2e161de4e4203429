package io.progressivetrust.policy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One account driven through the enforcer, for tests: times are ISO instants. */
final class Account {

    final String sid;
    final Enforcer enforcer;
    final AccountState state = new AccountState();
    final MemorySeenMessages seen = new MemorySeenMessages();
    private int next;

    Account(String sid, Policy policy) {
        this.sid = sid;
        this.enforcer = new Enforcer(policy);
    }

    static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    List<Notice> score(String iso, Integer score) {
        return enforcer.applyScore(sid, state, at(iso), score);
    }

    List<Notice> grant(String iso, long extra, String expiresAt) {
        long expiry = expiresAt == null ? Grant.NO_EXPIRY : at(expiresAt);
        return enforcer.applyGrant(sid, state, at(iso), new Grant(extra, expiry, "{}"));
    }

    Verdict sms(String iso) {
        return send(iso, "sms");
    }

    Verdict send(String iso, String channel) {
        return judge("SM" + sid + "-" + (next++), iso, channel).orElseThrow().verdict();
    }

    Optional<Judgement> judge(String messageSid, String iso, String channel) {
        return enforcer.judge(state, new Intent(messageSid, sid, channel), at(iso), seen);
    }

    /** Sends {@code n} SMS at one instant and returns how many were accepted. */
    int burst(String iso, int n) {
        int accepted = 0;
        for (int i = 0; i < n; i++) {
            if (sms(iso).accepted()) {
                accepted++;
            }
        }
        return accepted;
    }

}
