package io.progressivetrust.runtime;

import io.progressivetrust.topology.EnforcerTopology;
import io.progressivetrust.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Checks, before Kafka Streams starts, that the application's principal holds every permission
 * the application needs, so that a missing ACL stops it at once with one message that names each
 * missing operation and its resource, instead of a stream thread dying at its first fetch or
 * commit. A cluster without an authorizer allows everything, and every check passes.
 *
 * <p>What is checked is exactly the least-privilege set of docs/security.md: read on the inputs,
 * write on the outputs, read on the consumer group, write on the transactional ids (exactly-once),
 * and create, read and write on the internal topics, all of which start with the application id.
 */
final class Permissions {

    /** One permission the application needs: an operation on one resource, or on every name with a prefix. */
    record Needed(AclOperation operation, String type, String name, boolean prefixed) {

        @Override
        public String toString() {
            return operation + " on " + (prefixed ? type + "s starting with '" + name + "'" : type + " '" + name + "'");
        }

        /** The kafka-acls.sh line that grants it. */
        String grant(String bootstrap) {
            String flag = switch (type) {
                case "topic" -> "--topic";
                case "group" -> "--group";
                default -> "--transactional-id";
            };
            String op = operation.name().charAt(0) + operation.name().substring(1).toLowerCase(java.util.Locale.ROOT);
            return "kafka-acls.sh --bootstrap-server " + bootstrap + " --add --allow-principal User:<the application's user>"
                    + " --operation " + op + " " + flag + " " + name + (prefixed ? " --resource-pattern-type prefixed" : "");
        }
    }

    private final Admin admin;
    private final Settings settings;
    private final Duration timeout;
    private final String applicationId;

    Permissions(Admin admin, Settings settings, Duration timeout) {
        this.admin = admin;
        this.settings = settings;
        this.timeout = timeout;
        this.applicationId = settings.streams().getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    /** Throws a {@link TopicGuard.ClusterException} that lists every missing permission and how to grant it. */
    void check() {
        List<Needed> missing = missing();
        if (missing.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder("Kafka does not allow this application's principal everything it needs. Missing:\n");
        missing.forEach(m -> text.append("  ").append(m).append('\n'));
        text.append("Grant ").append(missing.size() == 1 ? "it" : "them").append(" (docs/security.md lists the whole set), for example:\n");
        missing.forEach(m -> text.append("  ").append(m.grant(settings.bootstrapServers())).append('\n'));
        throw new TopicGuard.ClusterException(text.toString().stripTrailing());
    }

    List<Needed> missing() {
        Topics topics = settings.topics();
        String internal = applicationId + "-";
        List<Needed> missing = new ArrayList<>();
        List<String> changelogs = EnforcerTopology.changelogTopics(applicationId);
        List<String> names = new ArrayList<>(topics.all());
        names.addAll(changelogs);
        // every question is asked at once: a start after a crash waits for one round trip, not four
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(names,
                new DescribeTopicsOptions().includeAuthorizedOperations(true)).topicNameValues();
        KafkaFuture<ConsumerGroupDescription> group = admin.describeConsumerGroups(List.of(applicationId),
                new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true)).describedGroups().get(applicationId);
        // a transactional id no producer has used: a principal allowed to use it learns that it is unknown
        String probe = applicationId + "-" + UUID.randomUUID();
        KafkaFuture<?> transaction = settings.exactlyOnce() ? admin.describeTransactions(List.of(probe)).description(probe) : null;
        topics.inputs().forEach(t -> require(described.get(t), new Needed(AclOperation.READ, "topic", t, false), missing));
        topics.outputs().forEach(t -> require(described.get(t), new Needed(AclOperation.WRITE, "topic", t, false), missing));
        boolean absentChangelog = false;
        for (String changelog : changelogs) {
            absentChangelog |= require(described.get(changelog), new Needed(AclOperation.READ, "topic", internal, true), missing)
                    | require(described.get(changelog), new Needed(AclOperation.WRITE, "topic", internal, true), missing);
        }
        if (absentChangelog) {
            mayCreate(changelogs, new Needed(AclOperation.CREATE, "topic", internal, true), missing);
        }
        group(group, new Needed(AclOperation.READ, "group", applicationId, false), missing);
        if (transaction != null && answer(transaction).failure() instanceof TransactionalIdAuthorizationException) {
            missing.add(new Needed(AclOperation.WRITE, "transactional id", internal, true));
        }
        return missing.stream().distinct().toList();
    }

    /** Adds the permission if the described resource lacks it; true if the topic does not exist. */
    private boolean require(KafkaFuture<TopicDescription> description, Needed needed, List<Needed> missing) {
        Answer<TopicDescription> answer = answer(description);
        if (answer.failure() != null) {
            if (answer.failure() instanceof TopicAuthorizationException) {
                missing.add(needed);
            }
            return answer.failure() instanceof UnknownTopicOrPartitionException;
        }
        requireIn(answer.value().authorizedOperations(), needed, missing);
        return false;
    }

    private void mayCreate(List<String> changelogs, Needed needed, List<Needed> missing) {
        List<NewTopic> news = changelogs.stream().map(t -> new NewTopic(t, Optional.empty(), Optional.empty())).toList();
        // asks the broker whether it would create them, without creating anything
        Throwable failure = answer(admin.createTopics(news, new CreateTopicsOptions().validateOnly(true)).all()).failure();
        if (failure instanceof AuthorizationException) {
            missing.add(needed);
        }
    }

    private void group(KafkaFuture<ConsumerGroupDescription> description, Needed needed, List<Needed> missing) {
        Answer<ConsumerGroupDescription> group = answer(description);
        if (group.failure() != null) {
            if (group.failure() instanceof GroupAuthorizationException) {
                missing.add(needed);
            }
            return;
        }
        requireIn(group.value().authorizedOperations(), needed, missing);
    }

    private static void requireIn(Set<AclOperation> allowed, Needed needed, List<Needed> missing) {
        // null: the broker did not say, as with no authorizer
        if (allowed != null && !allowed.contains(needed.operation()) && !allowed.contains(AclOperation.ALL)) {
            missing.add(needed);
        }
    }

    /** What the cluster answered: a value, or why it refused. */
    private record Answer<T>(T value, Throwable failure) { }

    /** Waits for the future; a cluster that does not answer is an error. */
    private <T> Answer<T> answer(KafkaFuture<T> future) {
        try {
            return new Answer<>(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw TopicGuard.unreachable(settings, timeout);
            }
            return new Answer<>(null, e.getCause());
        } catch (TimeoutException e) {
            throw TopicGuard.unreachable(settings, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicGuard.ClusterException("Interrupted while checking permissions", e);
        }
    }
}
