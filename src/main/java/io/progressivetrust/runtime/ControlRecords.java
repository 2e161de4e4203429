package io.progressivetrust.runtime;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;

/**
 * Publishes one score or grant record, keyed by its account, after checking that its topic
 * exists, and waits until every in-sync replica has it.
 */
final class ControlRecords {

    private ControlRecords() { }

    static RecordMetadata publish(Settings settings, String topic, String account, String json, long timestamp) {
        new TopicGuard(settings).requireExisting(List.of(topic));
        byte[] key = account.getBytes(StandardCharsets.UTF_8);
        byte[] value = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Clients.producer(settings),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, null, timestamp, key, value)).get();
        } catch (ExecutionException e) {
            throw new TopicGuard.ClusterException("Kafka did not take the record for " + account + " on " + topic + ": "
                    + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicGuard.ClusterException("Interrupted while publishing to " + topic);
        }
    }

    /** An account SID as the enforcer reads keys: not empty, no NUL, no surrounding spaces. */
    static String account(CommandLine.Model.CommandSpec spec, String sid) {
        if (sid.isEmpty() || !sid.strip().equals(sid) || sid.indexOf('\0') >= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--account must be an account SID such as AC0123..., got '" + sid + "'");
        }
        return sid;
    }

    /** The record's time: {@code --at}, or now. */
    static long time(CommandLine.Model.CommandSpec spec, String at) {
        return at == null ? System.currentTimeMillis() : instant(spec, "--at", at);
    }

    static long instant(CommandLine.Model.CommandSpec spec, String option, String text) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " must be an ISO-8601 instant such as 2026-12-01T00:00:00Z, got '" + text + "'");
        }
    }
}
