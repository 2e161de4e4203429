package io.progressivetrust.topology;

import io.progressivetrust.policy.Notice;
import io.progressivetrust.policy.Verdict;

/** What the topology tells the runtime as it works, for metrics and logs. Called on stream threads. */
public interface EnforcerListener {

    EnforcerListener NONE = new EnforcerListener() { };

    default void verdict(Verdict verdict) { }

    default void duplicate(String account) { }

    default void deadLetter(String topic, String reason) { }

    default void notice(Notice notice) { }
}
