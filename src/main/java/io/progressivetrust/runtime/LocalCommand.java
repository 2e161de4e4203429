package io.progressivetrust.runtime;

import org.apache.kafka.common.config.ConfigException;
import io.progressivetrust.local.DemoTraffic;
import io.progressivetrust.local.EmbeddedKafka;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code local [--demo]}: an embedded broker, the topics, the enforcer and its HTTP server, in one process. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Runs everything on this machine, with an embedded Kafka broker.", "",
            "Starts a single-node Kafka broker (KRaft) on 127.0.0.1, creates the topics, and runs the enforcer and "
            + "its HTTP server. Other clients can produce to the broker while it runs. "
            + "With --demo, publishes a day of traffic that shows every rule, prints a table per account and exits.", ""})
final class LocalCommand implements Callable<Integer> {

    @Option(names = "--demo", description = "Publish demo traffic, print the outcome per account, then stop.")
    boolean demo;

    @Option(names = "--port", paramLabel = "N", defaultValue = "9092",
            description = "Broker port on 127.0.0.1 (its controller takes N+1; 0 picks free ports). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data/local",
            description = "Where the broker and the state stores keep their data. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--fresh", description = "Wipe the data folder first: no topics, no state.")
    boolean fresh;

    @Option(names = "--config", paramLabel = "FILE", description = "Optional properties file, as for run.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Overrides one setting; may be repeated.")
    List<String> sets = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = RunCommand.overrides(sets);
        Settings.load(config, System.getenv(), overrides); // fail on bad config before starting a broker
        if (fresh) {
            wipe(dataDir);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (EmbeddedKafka kafka = startBroker()) {
            overrides.putIfAbsent("state.dir", dataDir.resolve("streams").toString());
            overrides.put("bootstrap.servers", kafka.bootstrapServers());
            overrides.put("pt.topics.create", "true");
            Settings settings = Settings.load(config, System.getenv(), overrides);
            out.println("Kafka broker: " + kafka.bootstrapServers() + " (data in " + dataDir + ")");
            if (settings.httpPort() > 0) {
                out.println("Status page: http://127.0.0.1:" + settings.httpPort() + "/");
            }
            out.flush();
            if (!demo) {
                return RunCommand.runUntilStopped(new EnforcerService(settings), kafka);
            }
            try (EnforcerService service = new EnforcerService(settings).start()) {
                new DemoTraffic(settings.bootstrapServers(), settings.topics(), out).run();
            }
            return 0;
        }
    }

    private EmbeddedKafka startBroker() {
        try {
            return EmbeddedKafka.start(dataDir.resolve("kafka"), port);
        } catch (IllegalStateException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
