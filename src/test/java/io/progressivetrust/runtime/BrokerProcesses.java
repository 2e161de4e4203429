package io.progressivetrust.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * KRaft brokers (each broker and controller) as processes of their own, formatted with Kafka's
 * storage tool. {@link #three()}: replication 3 and min.insync.replicas=2, any one of which can be
 * SIGKILLed and started again, as scripts/cluster.sh runs them. {@link #secured()}: one broker
 * whose clients authenticate with SASL/SCRAM and are authorized by the standard authorizer, with
 * {@value #ADMIN} as its only super user.
 */
final class BrokerProcesses implements AutoCloseable {

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-secret";
    static final String SCRAM = "SCRAM-SHA-512";

    private final Path dir;
    private final boolean secured;
    private final int[] ports;
    private final int[] controllers;
    private final Process[] brokers;

    static BrokerProcesses three() throws Exception {
        return new BrokerProcesses(3, false);
    }

    static BrokerProcesses secured() throws Exception {
        return new BrokerProcesses(1, true);
    }

    private BrokerProcesses(int count, boolean secured) throws Exception {
        this.dir = Files.createTempDirectory("pt-brokers");
        this.secured = secured;
        this.ports = new int[count];
        this.controllers = new int[count];
        this.brokers = new Process[count];
        for (int i = 0; i < count; i++) {
            ports[i] = KafkaCluster.freePort();
            controllers[i] = KafkaCluster.freePort();
        }
        String clusterId = Uuid.randomUuid().toString();
        for (int n = 1; n <= count; n++) {
            format(n, clusterId);
        }
        for (int n = 1; n <= count; n++) {
            start(n);
        }
        for (int n = 1; n <= count; n++) {
            awaitUp(n);
        }
    }

    /** The client settings of a user of the secured broker. */
    static Map<String, String> saslClient(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", SCRAM,
                "sasl.jaas.config", jaas(user, password));
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private void format(int n, String clusterId) throws IOException {
        List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", config(n).toString()));
        if (secured) {
            // SCRAM credentials live in the cluster's metadata: the admin's must be there before the first start
            args.addAll(List.of("--add-scram", SCRAM + "=[name=" + ADMIN + ",password=" + ADMIN_PASSWORD + "]"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = StorageTool.execute(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IllegalStateException("formatting broker " + n + " failed: " + out);
        }
    }

    String bootstrap() {
        StringBuilder servers = new StringBuilder();
        for (int port : ports) {
            servers.append(servers.isEmpty() ? "" : ",").append("127.0.0.1:").append(port);
        }
        return servers.toString();
    }

    void kill(int n) throws InterruptedException {
        brokers[n - 1].destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    void start(int n) throws IOException {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx512m",
                "-Dlog4j2.configurationFile=log4j2-bench.xml", "-cp", System.getProperty("java.class.path"), "kafka.Kafka",
                dir.resolve(n + ".properties").toString()));
        brokers[n - 1] = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(n + ".log").toFile()).start();
    }

    void awaitUp(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", ports[n - 1])) {
                return;
            } catch (IOException notYet) {
                if (!brokers[n - 1].isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("broker " + n + " did not come up; see " + dir.resolve(n + ".log"));
                }
                Thread.sleep(200);
            }
        }
    }

    private Path config(int n) throws IOException {
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < ports.length; i++) {
            voters.append(i == 0 ? "" : ",").append(i + 1).append("@127.0.0.1:").append(controllers[i]);
        }
        int replicas = Math.min(3, ports.length);
        String listener = secured ? "SASL_PLAINTEXT" : "PLAINTEXT";
        List<String> lines = new ArrayList<>(List.of("process.roles=broker,controller", "node.id=" + n,
                "controller.quorum.voters=" + voters,
                "listeners=" + listener + "://127.0.0.1:" + ports[n - 1] + ",CONTROLLER://127.0.0.1:" + controllers[n - 1],
                "advertised.listeners=" + listener + "://127.0.0.1:" + ports[n - 1], "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=" + listener,
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT," + listener + ":" + listener,
                "log.dirs=" + dir.resolve("log-" + n), "min.insync.replicas=" + Math.min(2, replicas),
                "default.replication.factor=" + replicas, "offsets.topic.replication.factor=" + replicas,
                "transaction.state.log.replication.factor=" + replicas, "transaction.state.log.min.isr=" + Math.min(2, replicas),
                "auto.create.topics.enable=false", "log.retention.ms=-1", "group.initial.rebalance.delay.ms=0",
                // the open transaction of an instance that died is aborted within seconds of its timeout
                "transaction.abort.timed.out.transaction.cleanup.interval.ms=2000"));
        if (secured) {
            lines.addAll(List.of("sasl.enabled.mechanisms=" + SCRAM, "sasl.mechanism.inter.broker.protocol=" + SCRAM,
                    "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=" + jaas(ADMIN, ADMIN_PASSWORD),
                    "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                    // the controller listener is plaintext on the loopback only; its principal is ANONYMOUS
                    "super.users=User:" + ADMIN + ";User:ANONYMOUS"));
        }
        Path config = dir.resolve(n + ".properties");
        Files.write(config, lines);
        return config;
    }

    @Override
    public void close() throws InterruptedException {
        for (Process broker : brokers) {
            if (broker != null) {
                broker.destroy();
            }
        }
        for (Process broker : brokers) {
            if (broker != null && !broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }
}
