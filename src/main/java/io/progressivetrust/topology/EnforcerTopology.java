package io.progressivetrust.topology;

import io.progressivetrust.policy.Enforcer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;

/**
 * The enforcer's one sub-topology. The intents, reputation and grants topics
 * are co-partitioned sources of the same task, so Kafka Streams reads them in
 * timestamp order and a score applies to the intents that come after it, in
 * a first run and in a replay alike.
 * <pre>
 *   intents    -> judge-intents   -> accepted | rejected | notifications | dead-letters
 *   reputation -> read-reputation -> notifications | dead-letters
 *   grants     -> read-grants     -> notifications | dead-letters
 *   judge-intents, read-reputation, read-grants share account-state; judge-intents owns seen-messages
 * </pre>
 */
public final class EnforcerTopology {

    public static final String ACCOUNT_STORE = "account-state";
    public static final String SEEN_STORE = "seen-messages";

    private EnforcerTopology() { }

    /** The changelog topics Kafka Streams keeps for the stores: {@code <application.id>-<store>-changelog}. */
    public static List<String> changelogTopics(String applicationId) {
        return List.of(applicationId + "-" + ACCOUNT_STORE + "-changelog", applicationId + "-" + SEEN_STORE + "-changelog");
    }

    /** The heap an instance gives to decoded accounts unless told otherwise. */
    public static final long DEFAULT_CACHE_MEMORY = 16L << 20;

    public static Topology build(Enforcer enforcer, Topics topics, EnforcerListener listener) {
        return build(new Topology(), enforcer, topics, listener, new AccountCacheBudget(DEFAULT_CACHE_MEMORY));
    }

    /** The topology with the application's own config, so that its topology-level settings apply. */
    public static Topology build(Enforcer enforcer, Topics topics, EnforcerListener listener, Properties config,
                                 long cacheMemory) {
        return build(new Topology(new TopologyConfig(new StreamsConfig(config))), enforcer, topics, listener,
                new AccountCacheBudget(cacheMemory));
    }

    private static Topology build(Topology topology, Enforcer enforcer, Topics topics, EnforcerListener listener,
                                  AccountCacheBudget budget) {
        ByteArrayDeserializer bytesIn = new ByteArrayDeserializer();
        ByteArraySerializer bytesOut = new ByteArraySerializer();

        topology.addSource("intents", bytesIn, bytesIn, topics.intents());
        topology.addSource("reputation", bytesIn, bytesIn, topics.reputation());
        topology.addSource("grants", bytesIn, bytesIn, topics.grants());

        topology.addProcessor("judge-intents", () -> new IntentProcessor(enforcer, listener), "intents");
        topology.addProcessor("read-reputation", () -> new ControlProcessor(
                (account, state, ts, value) -> enforcer.applyScore(account, state, ts, RecordReader.score(value)),
                listener), "reputation");
        topology.addProcessor("read-grants", () -> new ControlProcessor(
                (account, state, ts, value) -> enforcer.applyGrant(account, state, ts, RecordReader.grant(value)),
                listener), "grants");

        topology.addStateStore(new WrappingStoreBuilder<>(ACCOUNT_STORE, stored -> new AccountStore(stored, budget)),
                "judge-intents", "read-reputation", "read-grants");
        topology.addStateStore(new WrappingStoreBuilder<>(SEEN_STORE, SeenStore::new), "judge-intents");

        topology.addSink(IntentProcessor.ACCEPTED, topics.accepted(), bytesOut, bytesOut, "judge-intents");
        topology.addSink(IntentProcessor.REJECTED, topics.rejected(), bytesOut, bytesOut, "judge-intents");
        topology.addSink(AccountProcessor.NOTIFICATIONS, topics.notifications(), bytesOut, bytesOut,
                "judge-intents", "read-reputation", "read-grants");
        topology.addSink(DeadLetters.SINK, topics.deadLetters(), bytesOut, bytesOut,
                "judge-intents", "read-reputation", "read-grants");
        return topology;
    }
}
