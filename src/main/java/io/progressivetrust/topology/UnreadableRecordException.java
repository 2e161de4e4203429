package io.progressivetrust.topology;

/** Input that cannot be judged; its one-line reason goes with it to the dead-letter topic. */
public final class UnreadableRecordException extends RuntimeException {

    public UnreadableRecordException(String reason) {
        // no stack trace: the reason says all, and a flood of bad input must stay cheap
        super(reason, null, false, false);
    }
}
