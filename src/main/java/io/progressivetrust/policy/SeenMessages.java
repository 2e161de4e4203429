package io.progressivetrust.policy;

import java.util.OptionalLong;

/** The message SIDs one account has been judged for, with the account time of each. */
public interface SeenMessages {

    /**
     * When the account judged this message SID, if that was less than one retention period
     * before {@code now}; older ones may or may not be returned.
     */
    OptionalLong seenAt(String messageSid, long now);

    void remember(String messageSid, long at);

    /**
     * Lets go of message SIDs judged at or before {@code cutoff}. A store may keep some of them a
     * while longer: the enforcer compares the times it gets back, so nothing depends on it.
     */
    void forgetUpTo(long cutoff);
}
