package io.progressivetrust.topology;

import io.progressivetrust.policy.Enforcer;
import io.progressivetrust.policy.Judgement;
import io.progressivetrust.policy.Verdict;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Judges each send intent against its account's state and routes the verdict. */
final class IntentProcessor extends AccountProcessor {

    static final String ACCEPTED = "accepted";
    static final String REJECTED = "rejected";

    private final Enforcer enforcer;
    private SeenMessageStore seen;

    IntentProcessor(Enforcer enforcer, EnforcerListener listener) {
        super(listener);
        this.enforcer = enforcer;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        super.init(context);
        this.seen = new SeenMessageStore(context.getStateStore(EnforcerTopology.SEEN_STORE), enforcer.policy().dedupeRetention());
        // by the wall clock, so that the filter keeps up during a replay too
        context.schedule(SeenMessageStore.GROWTH_CHECK, PunctuationType.WALL_CLOCK_TIME, now -> seen.makeRoom());
    }

    @Override
    Runnable apply(Record<byte[], byte[]> record) {
        RecordReader.ReadIntent read = RecordReader.intent(record.key(), record.value());
        String account = read.intent().accountSid();
        Optional<Judgement> judgement = enforcer.judge(accounts.load(account), read.intent(), record.timestamp(),
                seen.of(account));
        if (judgement.isEmpty()) {
            return () -> listener.duplicate(account);
        }
        accounts.changed(account);
        return () -> send(record, judgement.get(), read.json());
    }

    private void send(Record<byte[], byte[]> intent, Judgement judgement, byte[] intentJson) {
        Verdict verdict = judgement.verdict();
        byte[] value = RecordWriter.verdict(verdict, intentJson);
        // one new record, not two: each copies the headers
        context().forward(new Record<>(intent.key(), value, verdict.evaluatedAt(), intent.headers()),
                verdict.accepted() ? ACCEPTED : REJECTED);
        listener.verdict(verdict);
        judgement.notices().forEach(this::forward);
    }
}
