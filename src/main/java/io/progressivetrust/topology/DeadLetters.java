package io.progressivetrust.topology;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends input that cannot be judged to the dead-letter topic: the original
 * key, value and headers unchanged, plus the headers of Kafka Streams' own
 * dead-letter convention (KIP-1034) that say why and where it came from.
 */
final class DeadLetters {

    static final String SINK = "dead-letters";
    static final String EXCEPTION = "__streams.errors.exception";
    static final String MESSAGE = "__streams.errors.message";
    static final String STACKTRACE = "__streams.errors.stacktrace";
    static final String TOPIC = "__streams.errors.topic";
    static final String PARTITION = "__streams.errors.partition";
    static final String OFFSET = "__streams.errors.offset";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private DeadLetters() { }

    static void send(ProcessorContext<byte[], byte[]> context, Record<byte[], byte[]> record, RuntimeException why,
                     EnforcerListener listener) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        Headers headers = new RecordHeaders(record.headers().toArray());
        add(headers, EXCEPTION, why.getClass().getName());
        add(headers, MESSAGE, String.valueOf(why.getMessage()));
        add(headers, STACKTRACE, stackTrace(why));
        add(headers, TOPIC, source.topic());
        add(headers, PARTITION, String.valueOf(source.partition()));
        add(headers, OFFSET, String.valueOf(source.offset()));
        if (why instanceof UnreadableRecordException) {
            LOG.debug("Dead letter from {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), why.getMessage());
        } else {
            LOG.error("Dead letter from {}-{}@{} after an unexpected failure", source.topic(), source.partition(),
                    source.offset(), why);
        }
        listener.deadLetter(source.topic(), why.getMessage());
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers), SINK);
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String stackTrace(Throwable why) {
        StringWriter text = new StringWriter();
        why.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
