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
import java.util.concurrent.TimeUnit;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * Three KRaft brokers (each broker and controller) as processes of their own, replication 3 and
 * min.insync.replicas=2, any one of which can be SIGKILLed and started again: what
 * scripts/cluster.sh runs, for tests.
 */
final class ThreeBrokers implements AutoCloseable {

    private final Path dir;
    private final int[] ports = new int[3];
    private final int[] controllers = new int[3];
    private final Process[] brokers = new Process[3];

    ThreeBrokers() throws Exception {
        dir = Files.createTempDirectory("pt-three");
        for (int i = 0; i < 3; i++) {
            ports[i] = KafkaCluster.freePort();
            controllers[i] = KafkaCluster.freePort();
        }
        String clusterId = Uuid.randomUuid().toString();
        for (int n = 1; n <= 3; n++) {
            Path config = config(n);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            if (code != 0) {
                throw new IllegalStateException("formatting broker " + n + " failed: " + out);
            }
        }
        for (int n = 1; n <= 3; n++) {
            start(n);
        }
        for (int n = 1; n <= 3; n++) {
            awaitUp(n);
        }
    }

    String bootstrap() {
        return "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
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
        for (int i = 0; i < 3; i++) {
            voters.append(i == 0 ? "" : ",").append(i + 1).append("@127.0.0.1:").append(controllers[i]);
        }
        List<String> lines = List.of("process.roles=broker,controller", "node.id=" + n,
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + ports[n - 1] + ",CONTROLLER://127.0.0.1:" + controllers[n - 1],
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + ports[n - 1], "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT", "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("log-" + n), "min.insync.replicas=2", "default.replication.factor=3",
                "offsets.topic.replication.factor=3", "transaction.state.log.replication.factor=3",
                "transaction.state.log.min.isr=2", "auto.create.topics.enable=false", "log.retention.ms=-1",
                "group.initial.rebalance.delay.ms=0",
                // the open transaction of an instance that died is aborted within seconds of its timeout
                "transaction.abort.timed.out.transaction.cleanup.interval.ms=2000");
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
