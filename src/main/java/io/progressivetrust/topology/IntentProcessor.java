package io.progressivetrust.topology;

import io.progressivetrust.policy.AccountState;
import io.progressivetrust.policy.Enforcer;
import io.progressivetrust.policy.Judgement;
import io.progressivetrust.policy.Notice;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Judges each send intent against its account's state and routes the verdict. */
final class IntentProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    static final String ACCEPTED = "accepted";
    static final String REJECTED = "rejected";
    static final String NOTIFICATIONS = "notifications";

    private final Enforcer enforcer;
    private final EnforcerListener listener;
    private ProcessorContext<byte[], byte[]> context;
    private AccountStore accounts;
    private SeenMessageStore seen;

    IntentProcessor(Enforcer enforcer, EnforcerListener listener) {
        this.enforcer = enforcer;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.accounts = context.getStateStore(EnforcerTopology.ACCOUNT_STORE);
        this.seen = new SeenMessageStore(context.getStateStore(EnforcerTopology.SEEN_STORE), enforcer.policy().dedupeRetention());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordReader.ReadIntent read;
        String account;
        AccountState state;
        Optional<Judgement> judgement;
        try {
            read = RecordReader.intent(record.key(), record.value());
            account = read.intent().accountSid();
            state = accounts.load(account);
            judgement = enforcer.judge(state, read.intent(), record.timestamp(), seen.of(account));
        } catch (StreamsException e) {
            throw e; // the stores or Kafka Streams failed, not the record: let the runtime handle it
        } catch (RuntimeException e) {
            DeadLetters.send(context, record, e, listener);
            return;
        }
        if (judgement.isEmpty()) {
            listener.duplicate(account);
            return;
        }
        accounts.changed(account);
        emit(record, judgement.get(), read.json());
    }

    private void emit(Record<byte[], byte[]> intent, Judgement judgement, byte[] intentJson) {
        var verdict = judgement.verdict();
        long t = verdict.evaluatedAt();
        byte[] value = RecordWriter.verdict(verdict, intentJson);
        context.forward(intent.withValue(value).withTimestamp(t), verdict.accepted() ? ACCEPTED : REJECTED);
        listener.verdict(verdict);
        for (Notice notice : judgement.notices()) {
            forwardNotice(context, notice, listener);
        }
    }

    static void forwardNotice(ProcessorContext<byte[], byte[]> context, Notice notice, EnforcerListener listener) {
        byte[] key = notice.accountSid().getBytes(StandardCharsets.UTF_8);
        context.forward(new Record<>(key, RecordWriter.notice(notice), notice.at(), new RecordHeaders()), NOTIFICATIONS);
        listener.notice(notice);
    }
}
