package io.progressivetrust.bench;

import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baseline: a Kafka Streams application that only copies each intent to an output topic,
 * under the same guarantee and thread count as the enforcer it is compared with.
 * Arguments: bootstrap, application id, input, output, state dir, guarantee, threads, and optionally
 * a commit interval in milliseconds (otherwise Kafka Streams' default for the guarantee).
 */
public final class CopyApp {

    private CopyApp() { }

    public static void main(String[] args) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(args[2], Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("copy-source"))
                .to(args[3], Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("copy-sink"));
        Properties p = new Properties();
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
        p.put(StreamsConfig.STATE_DIR_CONFIG, args[4]);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, args[5]);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, args[6]);
        if (args.length > 7) {
            p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, args[7]);
        }
        KafkaStreams streams = new KafkaStreams(builder.build(), p);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            stopped.countDown();
        }));
        streams.start();
        stopped.await();
    }
}
