package io.progressivetrust.runtime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run --config FILE [--set KEY=VALUE]...}: the enforcer against an existing cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the enforcer against a Kafka cluster.", "",
            "The topics must exist (or pass --set pt.topics.create=true); the intents, reputation and grants "
                + "topics must have the same number of partitions. Stops cleanly on SIGTERM or Ctrl-C.", ""})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "Java properties file: pt.* keys are the application's, all others go to Kafka Streams.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Overrides one key of the file; may be repeated.")
    List<String> sets = List.of();

    @Override
    public Integer call() throws Exception {
        Settings settings = Settings.load(config, System.getenv(), overrides(sets));
        settings.bootstrapServers();
        return runUntilStopped(new EnforcerService(settings));
    }

    static Map<String, String> overrides(List<String> sets) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String set : sets) {
            Map.Entry<String, String> kv = Settings.assignment(set);
            overrides.put(kv.getKey(), kv.getValue());
        }
        return overrides;
    }

    /**
     * Starts the service and blocks until it stops; on SIGTERM or Ctrl-C closes it, then {@code after}
     * (the embedded broker of {@code local}), within the shutdown hook so the JVM does not exit first.
     */
    static int runUntilStopped(EnforcerService service, AutoCloseable... after) throws InterruptedException {
        service.start();
        Runnable closeAll = () -> {
            service.close();
            for (AutoCloseable c : after) {
                try {
                    c.close();
                } catch (Exception e) {
                    org.slf4j.LoggerFactory.getLogger(RunCommand.class).warn("Closing {} failed", c, e);
                }
            }
        };
        Thread hook = new Thread(closeAll, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean failed = service.awaitStop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return failed ? Main.FAILED : 0; // the hook is closing everything
        }
        closeAll.run();
        return failed ? Main.FAILED : 0;
    }
}
