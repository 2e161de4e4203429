package io.progressivetrust.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads output topics with read_committed from their current end and notes, for each record
 * whose timestamp is at or after the start of measurement, how long after that timestamp it
 * became visible; and apart from those, the same for the warm-up before it.
 */
final class LatencyProbe implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong();
    private final List<Long> latencies = new ArrayList<>();
    private final List<Long> warmUp = new ArrayList<>();
    private final java.util.Map<Long, Long> worstBySecond = new java.util.HashMap<>();
    private volatile long warmUpFrom = Long.MAX_VALUE;
    private volatile long from = Long.MAX_VALUE;
    private volatile long lastArrival = System.currentTimeMillis();

    LatencyProbe(String bootstrap, List<String> topics) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("isolation.level", "read_committed");
        // the kernel sizes the socket's buffer: with the client's fixed 64 KiB, a commit's worth of verdicts
        // overflows it on loopback, a segment is dropped and resent 200 ms later, and that wait would be
        // counted as the application's
        p.put("receive.buffer.bytes", -1);
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::poll, "latency-probe");
        thread.start();
    }

    /** Whether any record has been read since the probe started. */
    boolean seenAny() {
        return seen.get() > 0;
    }

    /** Records stamped from here on are the warm-up's, until {@link #countFrom}. */
    void warmUpFrom(long wallMillis) {
        warmUpFrom = wallMillis;
    }

    void countFrom(long wallMillis) {
        from = wallMillis;
    }

    private void poll() {
        while (running.get()) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                long now = System.currentTimeMillis();
                lastArrival = now;
                seen.incrementAndGet();
                synchronized (latencies) {
                    if (r.timestamp() >= from) {
                        latencies.add(now - r.timestamp());
                        long second = (r.timestamp() - from) / 1000;
                        worstBySecond.merge(second, now - r.timestamp(), Math::max);
                    } else if (r.timestamp() >= warmUpFrom) {
                        warmUp.add(now - r.timestamp());
                    }
                }
            }
        }
    }

    /**
     * Waits until {@code count} records have been counted, or none has arrived for three seconds (the
     * enforcer gives no verdict to a duplicate), or the time is up; returns their latencies.
     */
    Benchmark.Latency await(long count, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        lastArrival = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            synchronized (latencies) {
                if (latencies.size() >= count || System.currentTimeMillis() - lastArrival > 3000) {
                    break;
                }
            }
            Thread.sleep(50);
        }
        synchronized (latencies) {
            return Benchmark.Latency.of(latencies.stream().mapToLong(Long::longValue).toArray());
        }
    }

    /** The warm-up's latencies: what a fresh process costs while its code is compiled. */
    Benchmark.Latency warmUp() {
        synchronized (latencies) {
            return Benchmark.Latency.of(warmUp.stream().mapToLong(Long::longValue).toArray());
        }
    }

    /**
     * The {@code n} seconds of measurement (by record timestamp, from its start) whose slowest verdict
     * was slowest, for telling a steady delay from stalls; each with its wall-clock time (UTC), to line
     * it up with a recording or a log.
     */
    String slowestSeconds(int n) {
        synchronized (latencies) {
            return worstBySecond.entrySet().stream().sorted(java.util.Map.Entry.<Long, Long>comparingByValue().reversed())
                    .limit(n).map(e -> "+" + e.getKey() + "s (" + java.time.Instant.ofEpochMilli(from + 1000 * e.getKey())
                            .toString().substring(11, 19) + ") " + e.getValue() + " ms")
                    .collect(java.util.stream.Collectors.joining(", "));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
        consumer.close();
    }
}
