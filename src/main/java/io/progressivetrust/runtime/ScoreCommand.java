package io.progressivetrust.runtime;

import io.progressivetrust.policy.Policy;
import java.time.Instant;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code score --account SID --score N | --remove}: publishes an account's Reputation Score. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Sets an account's Reputation Score (1 best, 5 worst), or takes the account out of the program.", "",
            "Publishes {\"score\":N} (or a tombstone with --remove) keyed by the account to the reputation topic. "
                + "It applies to the account's intents after the record's time.", ""})
final class ScoreCommand extends ControlCommand {

    @ArgGroup(multiplicity = "1")
    What what;

    static final class What {
        @Option(names = "--score", paramLabel = "N", description = "The score, 1 to 5.")
        Integer score;

        @Option(names = "--remove", description = "Takes the account out of the program (a tombstone).")
        boolean remove;
    }

    @Override
    String value(long time) {
        if (what.remove) {
            return null;
        }
        if (what.score < 1 || what.score > 5) {
            throw invalid("--score must be 1 to 5, got " + what.score);
        }
        return "{\"score\":" + what.score + "}";
    }

    @Override
    String topic(Settings settings) {
        return settings.topics().reputation();
    }

    @Override
    String outcome(Settings settings, long time) {
        return "From " + Instant.ofEpochMilli(time) + ", " + becomes(settings.policy(), what.remove ? null : what.score);
    }

    /** What the account's limit becomes, in words: the account's own history is not known here. */
    static String becomes(Policy policy, Integer score) {
        Integer effective = score != null ? score : policy.unenrolledScore();
        String who = score != null ? "score " + score : "the account has no score";
        if (score == null && effective != null) {
            who += " and is treated as score " + effective;
        }
        if (effective == null || effective == 1) {
            return who + ": it is not limited.";
        }
        return who + ": its daily limit is " + policy.multipliers().get(effective) + " its " + policy.historyDays()
                + "-day average of accepted SMS, or " + policy.defaultLimit() + " if it sent none in those days"
                + " (plus any grant in force).";
    }
}
