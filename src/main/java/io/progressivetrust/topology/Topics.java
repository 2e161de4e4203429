package io.progressivetrust.topology;

import java.util.List;

/** The names of the topics the enforcer reads and writes. */
public record Topics(String intents, String reputation, String grants,
                     String accepted, String rejected, String notifications, String deadLetters) {

    public static Topics defaults() {
        return new Topics("sms-send-intents", "trust-reputation", "trust-limit-grants",
                "sms-accepted", "sms-rejected-63038", "trust-notifications", "sms-send-intents-dlq");
    }

    /** The co-partitioned inputs of the one sub-topology. */
    public List<String> inputs() {
        return List.of(intents, reputation, grants);
    }

    /** What the enforcer writes: its verdicts, notices and dead letters. */
    public List<String> outputs() {
        return List.of(accepted, rejected, notifications, deadLetters);
    }

    public List<String> all() {
        return List.of(intents, reputation, grants, accepted, rejected, notifications, deadLetters);
    }

    /** The compacted inputs: one value per account is all the enforcer needs of them. */
    public boolean isCompacted(String topic) {
        return topic.equals(reputation) || topic.equals(grants);
    }
}
