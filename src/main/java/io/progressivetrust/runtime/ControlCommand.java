package io.progressivetrust.runtime;

import picocli.CommandLine.Option;

/**
 * What {@code score} and {@code grant} share: the account, the record's time, validation before
 * anything is sent, publishing one record keyed by the account, and saying what it changes.
 */
abstract class ControlCommand extends AccountCommand {

    @Option(names = "--at", paramLabel = "INSTANT",
            description = "The record's time (default: now), e.g. 2026-12-01T00:00:00Z.")
    String at;

    /** The record's JSON, or null for a tombstone; throws a ParameterException for bad input. */
    abstract String value(long time);

    abstract String topic(Settings settings);

    /** One line for people: what the account's limit becomes from the record's time. */
    abstract String outcome(Settings settings, long time);

    @Override
    public Integer call() {
        String sid = sid();
        long time = ControlRecords.time(spec, at);
        String value = value(time);
        Settings settings = options.settings();
        var written = ControlRecords.publish(settings, topic(settings), sid, value, time);
        spec.commandLine().getOut().printf("Published %s for %s to %s-%d@%d.%n%s%n", value == null ? "a tombstone" : value,
                sid, written.topic(), written.partition(), written.offset(), outcome(settings, time));
        return 0;
    }
}
