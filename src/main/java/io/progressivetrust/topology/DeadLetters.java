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
 * dead-letter convention (KIP-1034) that say why and where it came from, the
 * same bytes as Kafka Streams' own {@code ExceptionHandlerUtils} writes (a test
 * compares them).
 *
 * <p>Why a sink of the topology rather than Kafka's processing exception
 * handler with {@code errors.dead.letter.queue.topic.name}: a record that cannot
 * be read is not an exception of the processing for this application but an
 * expected outcome, with a reason of its own, counted in the metrics, and
 * written in the same transaction as the verdicts around it; and the handler
 * would also catch failures of the stores and of Kafka itself, which must stop
 * the thread instead.
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
        Headers headers = headers(record.headers(), why, source.topic(), source.partition(), source.offset());
        if (why instanceof UnreadableRecordException) {
            LOG.debug("Dead letter from {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), why.getMessage());
        } else {
            LOG.error("Dead letter from {}-{}@{} after an unexpected failure", source.topic(), source.partition(),
                    source.offset(), why);
        }
        listener.deadLetter(source.topic(), why.getMessage());
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers), SINK);
    }

    /** The original headers, then why and where from; a null message is a null header value, as Kafka writes it. */
    static Headers headers(Headers original, Exception why, String topic, int partition, long offset) {
        Headers headers = new RecordHeaders(original.toArray());
        add(headers, EXCEPTION, why.getClass().getName());
        add(headers, MESSAGE, why.getMessage());
        add(headers, STACKTRACE, stackTrace(why));
        add(headers, TOPIC, topic);
        add(headers, PARTITION, String.valueOf(partition));
        add(headers, OFFSET, String.valueOf(offset));
        return headers;
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static String stackTrace(Throwable why) {
        StringWriter text = new StringWriter();
        why.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
