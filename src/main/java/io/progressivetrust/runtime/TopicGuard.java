package io.progressivetrust.runtime;

import io.progressivetrust.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before the application starts, that its principal may do all it needs,
 * that its topics exist and that the three inputs are co-partitioned; creates
 * missing ones only when asked to ({@code pt.topics.create=true}).
 */
public final class TopicGuard {

    private static final Logger LOG = LoggerFactory.getLogger(TopicGuard.class);

    /** A cluster the application cannot use as it stands; the message says what to do. */
    public static final class ClusterException extends RuntimeException {
        public ClusterException(String message) {
            super(message);
        }

        ClusterException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Settings settings;
    private final Duration timeout;

    public TopicGuard(Settings settings) {
        this.settings = settings;
        this.timeout = Clients.timeout(settings);
    }

    public void check() {
        try (Admin admin = Admin.create(Clients.admin(settings))) {
            new Permissions(admin, settings, timeout).check();
            Topics topics = settings.topics();
            Set<String> existing = wait(admin.listTopics().names());
            List<String> missing = topics.all().stream().filter(t -> !existing.contains(t)).distinct().toList();
            if (!missing.isEmpty()) {
                if (!settings.createTopics()) {
                    throw new ClusterException(missingMessage(missing));
                }
                create(admin, missing);
            }
            checkCoPartitioned(describe(admin, topics.inputs()), topics);
        }
    }

    /** Checks that these topics exist, for a command that reads or writes them; never creates them. */
    public void requireExisting(List<String> names) {
        try (Admin admin = Admin.create(Clients.admin(settings))) {
            Set<String> existing = wait(admin.listTopics().names());
            List<String> missing = names.stream().filter(t -> !existing.contains(t)).distinct().toList();
            if (!missing.isEmpty()) {
                throw new ClusterException(missingMessage(missing));
            }
        }
    }

    /** The settings a topic of the application is created with. */
    public static Map<String, String> topicConfig(Topics topics, String topic) {
        // verdicts and intents keep their event timestamps, which may be old: time-based
        // retention would delete them at once, so nothing expires unless the operator says so
        Map<String, String> config = new TreeMap<>();
        config.put("retention.ms", "-1");
        if (topics.isCompacted(topic)) {
            // compaction may only drop a score or grant version once no replay of the intents can need
            // it, so the lag is at least the intents' retention (here: forever)
            config.put("cleanup.policy", "compact");
            config.put("min.compaction.lag.ms", String.valueOf(Long.MAX_VALUE));
        }
        return config;
    }

    private void create(Admin admin, List<String> missing) {
        Topics topics = settings.topics();
        int inputPartitions = existingInputPartitions(admin, missing).orElse(settings.topicPartitions());
        List<NewTopic> news = new ArrayList<>();
        for (String topic : missing) {
            Optional<Short> rf = settings.replicationFactor() == -1 ? Optional.empty() : Optional.of(settings.replicationFactor());
            int partitions = topics.inputs().contains(topic) ? inputPartitions : settings.topicPartitions();
            news.add(new NewTopic(topic, Optional.of(partitions), rf).configs(topicConfig(topics, topic)));
        }
        try {
            admin.createTopics(news).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ClusterException("Creating topics " + missing + " failed: " + e.getCause().getMessage());
            }
        } catch (TimeoutException | InterruptedException e) {
            throw new ClusterException("Creating topics " + missing + " did not finish within " + timeout.toSeconds() + "s");
        }
        LOG.info("Created topics {} (inputs with {} partitions)", missing, inputPartitions);
    }

    /** A missing input is created co-partitioned with the inputs that exist. */
    private Optional<Integer> existingInputPartitions(Admin admin, List<String> missing) {
        List<String> existing = settings.topics().inputs().stream().filter(t -> !missing.contains(t)).toList();
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        return describe(admin, existing).values().stream()
                .map(d -> d.partitions().size()).max(Integer::compare);
    }

    private String missingMessage(List<String> missing) {
        Topics topics = settings.topics();
        StringBuilder text = new StringBuilder("Missing topic" + (missing.size() > 1 ? "s: " : ": ")
                + String.join(", ", missing) + ".\nCreate " + (missing.size() > 1 ? "them" : "it")
                + " (with the partition count of the existing inputs), for example:\n");
        for (String topic : missing) {
            text.append("  kafka-topics.sh --bootstrap-server ").append(settings.bootstrapServers())
                    .append(" --create --topic ").append(topic).append(" --partitions ").append(settings.topicPartitions());
            topicConfig(topics, topic).forEach((k, v) -> text.append(" --config ").append(k).append('=').append(v));
            text.append('\n');
        }
        text.append("or start with --set pt.topics.create=true to let the application create them.");
        return text.toString();
    }

    private static void checkCoPartitioned(Map<String, TopicDescription> inputs, Topics topics) {
        Map<String, Integer> partitions = inputs.values().stream()
                .collect(Collectors.toMap(TopicDescription::name, d -> d.partitions().size(), (a, b) -> a, TreeMap::new));
        if (partitions.values().stream().distinct().count() > 1) {
            throw new ClusterException("The input topics must have the same number of partitions, so that an account's "
                    + "intents, score and grants meet in one task, but they have " + partitions
                    + ". Recreate the smaller ones, or add partitions (kafka-topics.sh --alter --partitions N) before "
                    + "any data is keyed into them.");
        }
    }

    /** Describes topics, waiting out the moment after their creation when brokers do not know them yet. */
    private Map<String, TopicDescription> describe(Admin admin, List<String> names) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return wait(admin.describeTopics(names).allTopicNames());
            } catch (ClusterException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("Interrupted while checking the topics", e);
            }
        }
    }

    static ClusterException unreachable(Settings settings, Duration timeout) {
        return new ClusterException("Cannot reach Kafka at " + settings.bootstrapServers() + " within "
                + timeout.toMillis() / 1000.0 + "s: check bootstrap.servers and that the brokers are up.");
    }

    private <T> T wait(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable(settings, timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(settings, timeout);
            }
            throw new ClusterException("Kafka at " + settings.bootstrapServers() + " refused: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("Interrupted while checking the topics");
        }
    }
}
