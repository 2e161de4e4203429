package io.progressivetrust.policy;

import java.util.OptionalLong;

/** The message SIDs one account has been judged for, with the account time of each. */
public interface SeenMessages {

    /** When the account judged this message SID, if it still remembers it. */
    OptionalLong seenAt(String messageSid);

    void remember(String messageSid, long at);

    /** Forgets every message SID judged at or before {@code cutoff}. */
    void forgetUpTo(long cutoff);
}
