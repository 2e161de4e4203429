package io.progressivetrust.runtime;

import static io.progressivetrust.runtime.EnforcerOnBrokerTest.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressivetrust.topology.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The application on a broker with SASL/SCRAM and the standard authorizer, as a principal that
 * holds exactly the ACLs docs/security.md lists: it judges intents with them, and with any one of
 * them taken away it refuses to start with one message naming what is missing.
 */
@Tag("integration")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SecuredClusterTest {

    private static final String USER = "enforcer";
    private static final String PASSWORD = "enforcer-secret";
    private static BrokerProcesses broker;
    private static KafkaCluster admin;

    @BeforeAll
    static void start() throws Exception {
        broker = BrokerProcesses.secured();
        admin = KafkaCluster.at(broker.bootstrap(),
                BrokerProcesses.saslClient(BrokerProcesses.ADMIN, BrokerProcesses.ADMIN_PASSWORD));
        try (Admin a = admin.admin()) {
            a.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD))).all().get();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
        broker.close();
    }

    /** The least-privilege set of docs/security.md, for one application id and its topics. */
    static List<AclBinding> leastPrivilege(String applicationId, Topics t) {
        List<AclBinding> acls = new ArrayList<>();
        t.inputs().forEach(topic -> acls.add(allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ)));
        t.outputs().forEach(topic -> acls.add(allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE)));
        acls.add(allow(ResourceType.GROUP, applicationId, PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED, AclOperation.WRITE));
        for (AclOperation op : List.of(AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE)) {
            acls.add(allow(ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED, op));
        }
        return acls;
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + USER, "*", op, AclPermissionType.ALLOW));
    }

    @Test
    void judgesWithExactlyTheDocumentedAclsAndNamesAnyOneTakenAway() throws Exception {
        String app = "pt-secured";
        Topics t = KafkaCluster.topics("sec-");
        admin.createTopics(t, 2, 1);
        List<AclBinding> acls = leastPrivilege(app, t);
        grant(acls);
        Path config = config(app, t);

        try (EnforcerService service = new EnforcerService(Settings.load(config, Map.of(), Map.of())).start()) {
            admin.send(t.reputation(), "ACsec", "{\"score\":2}", "2026-06-01T00:00:00Z");
            admin.send(t.intents(), "ACsec", intent("SMsec1", "ACsec", null), "2026-06-02T00:00:00Z");
            admin.send(t.intents(), "ACsec", "{not json", "2026-06-02T00:00:00Z");
            admin.flush();
            assertThat(admin.read(t.accepted(), 1, Duration.ofSeconds(60))).hasSize(1);
            assertThat(admin.read(t.deadLetters(), 1, Duration.ofSeconds(60))).hasSize(1);
            assertThat(admin.read(t.notifications(), 1, Duration.ofSeconds(60))).isNotEmpty();

            // taken away while it runs: the instance stops, rather than replacing threads that Kafka refuses alike
            AclBinding writeAccepted = acls.stream().filter(a -> a.pattern().name().equals(t.accepted())).findFirst().orElseThrow();
            revoke(writeAccepted);
            admin.send(t.intents(), "ACsec", intent("SMsec2", "ACsec", null), "2026-06-02T00:01:00Z");
            admin.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> !service.app().streams().state().isRunningOrRebalancing());
            assertThat(service.awaitStop()).as("stopped as failed").isTrue();
            restore(writeAccepted);
        }

        // the internal topics exist now, so creating them is no longer needed: that one is tried on a new application
        for (AclBinding acl : acls) {
            if (acl.entry().operation() == AclOperation.CREATE) {
                continue;
            }
            assertRefusedWithout(acl, config);
        }
        String fresh = "pt-fresh";
        List<AclBinding> freshAcls = leastPrivilege(fresh, t);
        grant(freshAcls);
        assertRefusedWithout(freshAcls.stream().filter(a -> a.entry().operation() == AclOperation.CREATE).findFirst()
                .orElseThrow(), config(fresh, t));
    }

    private void assertRefusedWithout(AclBinding acl, Path config) throws Exception {
        revoke(acl);
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "run", "--config", config.toString());
        String what = acl.entry().operation() + " on " + acl.pattern().resourceType().name().toLowerCase().replace('_', ' ');
        assertThat(code).as("exit code without %s", acl).isEqualTo(Main.BAD_CLUSTER);
        assertThat(err.toString()).as("message without %s", acl)
                .contains(what).contains("'" + acl.pattern().name() + "'").contains("kafka-acls.sh").doesNotContain("\tat ");
        restore(acl);
    }

    /** Takes the ACL away and waits until the broker's authorizer no longer holds it. */
    private static void revoke(AclBinding acl) throws Exception {
        try (Admin a = admin.admin()) {
            a.deleteAcls(List.of(acl.toFilter())).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> a.describeAcls(acl.toFilter()).values().get().isEmpty());
        }
    }

    private static void restore(AclBinding acl) throws Exception {
        grant(List.of(acl));
    }

    /** Grants the ACLs and waits until the broker's authorizer holds them all. */
    private static void grant(List<AclBinding> acls) throws Exception {
        try (Admin a = admin.admin()) {
            a.createAcls(acls).all().get();
            for (AclBinding acl : acls) {
                await().atMost(Duration.ofSeconds(30)).until(() -> !a.describeAcls(acl.toFilter()).values().get().isEmpty());
            }
        }
    }

    private static Path config(String app, Topics t) throws Exception {
        List<String> lines = new ArrayList<>();
        Map<String, String> client = new HashMap<>(BrokerProcesses.saslClient(USER, PASSWORD));
        client.put("replication.factor", "1");
        client.forEach((k, v) -> lines.add(k + "=" + v));
        return admin.configFile(app, t, lines.toArray(String[]::new));
    }
}
