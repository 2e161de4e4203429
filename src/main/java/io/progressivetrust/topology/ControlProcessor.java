package io.progressivetrust.topology;

import io.progressivetrust.policy.AccountState;
import io.progressivetrust.policy.Notice;
import java.util.List;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads a control record (a score or a grant) into its account's timeline,
 * so that intents after its timestamp are judged with it.
 */
final class ControlProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    /** Reads the record's value and applies it to the account; throws {@link UnreadableRecordException}. */
    @FunctionalInterface
    interface Apply {
        List<Notice> apply(String account, AccountState state, long ts, byte[] value);
    }

    private final Apply apply;
    private final EnforcerListener listener;
    private ProcessorContext<byte[], byte[]> context;
    private AccountStore accounts;

    ControlProcessor(Apply apply, EnforcerListener listener) {
        this.apply = apply;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.accounts = context.getStateStore(EnforcerTopology.ACCOUNT_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String account;
        AccountState state;
        List<Notice> notices;
        try {
            account = RecordReader.account(record.key());
            state = accounts.load(account);
            notices = apply.apply(account, state, record.timestamp(), record.value());
        } catch (StreamsException e) {
            throw e; // the stores or Kafka Streams failed, not the record: let the runtime handle it
        } catch (RuntimeException e) {
            DeadLetters.send(context, record, e, listener);
            return;
        }
        accounts.changed(account);
        notices.forEach(n -> IntentProcessor.forwardNotice(context, n, listener));
    }
}
