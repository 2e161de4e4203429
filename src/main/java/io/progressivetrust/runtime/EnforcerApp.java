package io.progressivetrust.runtime;

import io.progressivetrust.policy.Enforcer;
import io.progressivetrust.topology.EnforcerListener;
import io.progressivetrust.topology.EnforcerTopology;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the enforcer's topology: builds it from the settings, starts Kafka
 * Streams, logs every state change, replaces a stream thread that died (a
 * few times; after that the instance gives up rather than loop), and closes
 * within a bounded time.
 */
public final class EnforcerApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EnforcerApp.class);
    private static final String GLOBAL_HANDLER = StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG;
    private static final int MAX_REPLACEMENTS = 3;
    private static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(10);

    private final Settings settings;
    private final Enforcer enforcer;
    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Deque<Long> replacements = new ArrayDeque<>();
    private volatile boolean failed;

    public EnforcerApp(Settings settings, EnforcerListener listener) {
        this.settings = settings;
        this.enforcer = new Enforcer(settings.policy());
        Properties config = streamsConfig(settings);
        Topology topology = EnforcerTopology.build(enforcer, settings.topics(), listener, config, settings.cacheMemory());
        this.streams = new KafkaStreams(topology, config);
        streams.setStateListener(this::stateChanged);
        streams.setGlobalStateRestoreListener(new RestoreLog());
        streams.setUncaughtExceptionHandler(this::threadDied);
    }

    /** The producer's batch size unless the operator sets one. */
    static final int PRODUCER_BATCH_BYTES = 256 * 1024;
    /** The producer's compression unless the operator sets one. */
    static final String PRODUCER_COMPRESSION = "lz4";
    /** The consumers' socket receive buffer unless the operator sets one: -1, sized by the kernel. */
    static final String CONSUMER_RECEIVE_BUFFER = "-1";

    static Properties streamsConfig(Settings settings) {
        Properties props = settings.streams();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        // there is no global thread; saying so keeps a start-up warning about it out of the log, both
        // where Kafka Streams reads its config and where each thread's partition assignor reads it again
        // from the main consumer's settings
        props.putIfAbsent(GLOBAL_HANDLER, "true");
        props.putIfAbsent(StreamsConfig.MAIN_CONSUMER_PREFIX + GLOBAL_HANDLER, props.getProperty(GLOBAL_HANDLER));
        // one memory budget for all RocksDB stores, unless the operator brings a config setter of their own
        props.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RocksDBMemory.class.getName());
        props.put(RocksDBMemory.BYTES_CONFIG, String.valueOf(settings.rocksdbMemory()));
        // a commit interval's verdicts, notices and changelog records go out in a few large batches
        // per partition instead of many of the producer's default 16 KiB, with which the producer's
        // network thread used three times the CPU per intent (docs/performance.md, change 11)
        defaultClient(props, StreamsConfig.PRODUCER_PREFIX, ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(PRODUCER_BATCH_BYTES));
        // each verdict carries its intent, and every intent writes a changelog record: compressed, the
        // brokers store and replicate a fraction of the bytes, for about the same CPU here
        // (docs/performance.md, change 21)
        defaultClient(props, StreamsConfig.PRODUCER_PREFIX, ProducerConfig.COMPRESSION_TYPE_CONFIG, PRODUCER_COMPRESSION);
        // a stream thread reads its socket only when it polls: with the client's fixed 64 KiB buffer, a fetch
        // response that arrives while it commits can overflow it, and the broker resends the dropped segment
        // only after TCP's 200 ms timeout, holding the thread's intents back that long; with the kernel's
        // own sizing no segment was dropped (docs/performance.md, change 23)
        defaultClient(props, StreamsConfig.CONSUMER_PREFIX, ConsumerConfig.RECEIVE_BUFFER_CONFIG, CONSUMER_RECEIVE_BUFFER);
        if (props.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) {
            // restarted in place after a crash, an instance with transactional stores opens its tasks
            // without Kafka Streams declaring them corrupted, which would wipe them and force the whole
            // group to rebalance (docs/production.md); without static membership its tasks move on anyway
            props.putIfAbsent(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, "true");
        }
        return props;
    }

    /**
     * Sets a setting of Kafka Streams' producer or consumers under {@code prefix} unless the operator set it,
     * bare or prefixed; a more specific prefix of the operator's (such as {@code main.consumer.}) still wins.
     */
    private static void defaultClient(Properties props, String prefix, String key, String value) {
        if (!props.containsKey(key)) {
            props.putIfAbsent(prefix + key, value);
        }
    }

    public void start() {
        LOG.info("Starting application.id={} with policy {} on topics {}", settings.streams().getProperty("application.id"),
                settings.policy(), settings.topics());
        streams.start();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public Enforcer enforcer() {
        return enforcer;
    }

    /** Blocks until the instance has stopped; true if it stopped because it failed. */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return failed;
    }

    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        Duration timeout = settings.shutdownTimeout();
        LOG.info("Closing Kafka Streams (waiting up to {}s)", timeout.toSeconds());
        // without static membership a restarted instance joins under a new member id, so leaving now
        // spares the group a session timeout of waiting for this one; with it, staying is the point
        boolean isStatic = settings.streams().containsKey("group.instance.id");
        CloseOptions options = CloseOptions.timeout(timeout).withGroupMembershipOperation(isStatic
                ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP : CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
        if (!streams.close(options)) {
            LOG.warn("Kafka Streams did not close within {}s; its threads are left to the JVM's exit", timeout.toSeconds());
            return;
        }
        // Kafka Streams wakes close() before it tells the state listener, so wait for the listener too:
        // closing from a shutdown hook, the JVM would otherwise halt before the last state change is logged
        try {
            awaitStop(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stateChanged(KafkaStreams.State now, KafkaStreams.State before) {
        // the process's age says at a glance how long a restarted instance took to come back
        LOG.info("Kafka Streams state {} -> {} ({} s after the process started)", before, now,
                String.format(Locale.ROOT, "%.1f", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0));
        if (now == KafkaStreams.State.ERROR) {
            failed = true;
        }
        if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
            stopped.countDown();
        }
    }

    private synchronized StreamThreadExceptionResponse threadDied(Throwable error) {
        Optional<AuthorizationException> refused = refusal(error);
        if (refused.isPresent()) {
            // a new thread would be refused the same way: stop, and say what to grant
            LOG.error("Kafka refused this application a permission it needs ({}: {}); shutting this instance down. "
                    + "docs/security.md lists the ACLs it needs.", refused.get().getClass().getSimpleName(),
                    refused.get().getMessage());
            failed = true;
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        long now = System.nanoTime();
        replacements.removeIf(at -> now - at > REPLACEMENT_WINDOW.toNanos());
        if (replacements.size() >= MAX_REPLACEMENTS) {
            LOG.error("A stream thread died for the {}th time within {} minutes; shutting this instance down so that "
                    + "its tasks move to a healthy one", MAX_REPLACEMENTS + 1, REPLACEMENT_WINDOW.toMinutes(), error);
            failed = true;
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.add(now);
        LOG.error("A stream thread died; replacing it", error);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    private static Optional<AuthorizationException> refusal(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AuthorizationException refused) {
                return Optional.of(refused);
            }
        }
        return Optional.empty();
    }
}
