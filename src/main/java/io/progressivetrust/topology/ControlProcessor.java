package io.progressivetrust.topology;

import io.progressivetrust.policy.AccountState;
import io.progressivetrust.policy.Notice;
import java.util.List;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads a control record (a score or a grant) into its account's timeline,
 * so that intents after its timestamp are judged with it.
 */
final class ControlProcessor extends AccountProcessor {

    /** Reads the record's value and applies it to the account; throws {@link UnreadableRecordException}. */
    @FunctionalInterface
    interface Apply {
        List<Notice> apply(String account, AccountState state, long ts, byte[] value);
    }

    private final Apply apply;

    ControlProcessor(Apply apply, EnforcerListener listener) {
        super(listener);
        this.apply = apply;
    }

    @Override
    Runnable apply(Record<byte[], byte[]> record) {
        String account = RecordReader.account(record.key());
        List<Notice> notices = apply.apply(account, accounts.load(account), record.timestamp(), record.value());
        accounts.changed(account);
        return () -> notices.forEach(this::forward);
    }
}
