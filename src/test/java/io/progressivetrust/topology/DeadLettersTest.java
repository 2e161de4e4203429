package io.progressivetrust.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** The dead-letter headers are Kafka Streams' own, byte for byte, as its own handler would write them. */
class DeadLettersTest {

    @Test
    void theHeadersAreTheOnesKafkaStreamsWrites() {
        Headers original = new RecordHeaders().add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));
        for (Exception why : List.of(new UnreadableRecordException("messageSid is missing"), new IllegalStateException())) {
            Headers ours = DeadLetters.headers(original, why, "sms-send-intents", 4, 1234);
            ProducerRecord<byte[], byte[]> kafkas = ExceptionHandlerUtils.buildDeadLetterQueueRecord("sms-send-intents-dlq",
                    new byte[0], new byte[0], context(original), why);

            Header[] expected = kafkas.headers().toArray();
            Header[] actual = ours.toArray();
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i].key()).isEqualTo(expected[i].key());
                assertThat(actual[i].value()).as(expected[i].key()).isEqualTo(expected[i].value());
            }
        }
    }

    private static ErrorHandlerContext context(Headers headers) {
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return "sms-send-intents";
            }

            @Override
            public int partition() {
                return 4;
            }

            @Override
            public long offset() {
                return 1234;
            }

            @Override
            public Headers headers() {
                return headers;
            }

            @Override
            public String processorNodeId() {
                return "judge-intents";
            }

            @Override
            public TaskId taskId() {
                return new TaskId(0, 4);
            }

            @Override
            public long timestamp() {
                return 0;
            }

            @Override
            public byte[] sourceRawKey() {
                return new byte[0];
            }

            @Override
            public byte[] sourceRawValue() {
                return new byte[0];
            }
        };
    }
}
