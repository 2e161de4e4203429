package io.progressivetrust.topology;

import io.progressivetrust.policy.Notice;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What the processors of intents, scores and grants share: each reads its record, applies it
 * to the account's state and says what to send. A record that cannot be read or applied goes to
 * the dead-letter topic; a failure of the stores or of Kafka Streams itself is not the record's
 * and stops the thread, so that the runtime deals with it.
 */
abstract class AccountProcessor extends ContextualProcessor<byte[], byte[], byte[], byte[]> {

    static final String NOTIFICATIONS = "notifications";

    final EnforcerListener listener;
    AccountStore accounts;

    AccountProcessor(EnforcerListener listener) {
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        super.init(context);
        accounts = context.getStateStore(EnforcerTopology.ACCOUNT_STORE);
    }

    /**
     * Reads the record and applies it to its account, marking the account changed if it did;
     * returns what to send once that is done. Throws for a record that cannot be read or applied,
     * before the account's state has changed.
     */
    abstract Runnable apply(Record<byte[], byte[]> record);

    @Override
    public final void process(Record<byte[], byte[]> record) {
        Runnable send;
        try {
            send = apply(record);
        } catch (StreamsException e) {
            throw e;
        } catch (RuntimeException e) {
            DeadLetters.send(context(), record, e, listener);
            return;
        }
        send.run();
    }

    void forward(Notice notice) {
        byte[] key = notice.accountSid().getBytes(StandardCharsets.UTF_8);
        context().forward(new Record<>(key, RecordWriter.notice(notice), notice.at(), new RecordHeaders()), NOTIFICATIONS);
        listener.notice(notice);
    }
}
