package io.progressivetrust.runtime;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.tools.StreamsResetter;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code replay}: makes the application read its inputs again, with Kafka's own StreamsResetter:
 * the input offsets go back (to the beginning, to a time, or by a duration), the internal
 * topics are deleted, and the local state is wiped, so that the next start rebuilds every
 * account from what it reads.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Resets the application so that its next start reads the inputs again.", "",
            "Input offsets go back to the beginning (or --to-datetime, --by-duration), the internal topics "
                + "(changelogs) are deleted and this machine's state for the application.id is wiped. Refused while "
                + "any instance of the application is alive. Safer: replay under a new application.id into new "
                + "output topics, or with pt.mode=shadow; see the README.", ""})
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    OperatorOptions options;

    @ArgGroup
    From from;

    static final class From {
        @Option(names = "--to-datetime", paramLabel = "INSTANT",
                description = "Read again from this time, e.g. 2026-11-01T00:00:00Z (default: from the beginning).")
        String datetime;

        @Option(names = "--by-duration", paramLabel = "DURATION",
                description = "Read again the last DURATION of input, e.g. 24h or 7d.")
        String duration;
    }

    @Option(names = "--dry-run", description = "Prints what would be done, and does nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        List<String> resetter = new ArrayList<>();
        if (from != null && from.datetime != null) {
            long at = ControlRecords.instant(spec, "--to-datetime", from.datetime);
            resetter.addAll(List.of("--to-datetime", java.time.Instant.ofEpochMilli(at).toString().replace("Z", "")));
        } else if (from != null && from.duration != null) {
            resetter.addAll(List.of("--by-duration", isoDuration(from.duration)));
        } else {
            resetter.add("--to-earliest");
        }
        Settings settings = options.settings();
        String applicationId = settings.streams().getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        new TopicGuard(settings).requireExisting(settings.topics().inputs());
        refuseWhileAlive(settings, applicationId);

        PrintWriter out = spec.commandLine().getOut();
        Path config = Files.createTempFile("pt-replay", ".properties");
        try {
            Properties clients = new Properties();
            Clients.admin(settings).forEach((k, v) -> clients.put(k.toString(), v.toString()));
            Clients.consumer(settings).forEach((k, v) -> clients.putIfAbsent(k.toString(), v.toString()));
            try (var writer = Files.newBufferedWriter(config)) {
                clients.store(writer, "client settings of progressive-trust replay");
            }
            resetter.addAll(0, List.of("--bootstrap-server", settings.bootstrapServers(), "--application-id", applicationId,
                    "--input-topics", String.join(",", settings.topics().inputs()), "--config-file", config.toString()));
            if (dryRun) {
                resetter.add("--dry-run");
            }
            out.println((dryRun ? "Would reset" : "Resetting") + " application.id " + applicationId + " with Kafka's "
                    + "StreamsResetter " + String.join(" ", resetter.subList(4, resetter.size())).replace(config.toString(), "(client settings)"));
            out.flush();
            int code = new StreamsResetter().execute(resetter.toArray(String[]::new));
            if (code != 0) {
                throw new TopicGuard.ClusterException("Kafka's StreamsResetter failed (exit code " + code + "); see its output above");
            }
        } finally {
            Files.deleteIfExists(config);
        }
        wipeLocalState(settings, applicationId, out);
        out.println(dryRun ? "Dry run: nothing was changed." : "Done: start the application to read the inputs again.");
        return 0;
    }

    /** A duration as the resetter takes it (ISO-8601, e.g. PT24H), from the application's own form. */
    private String isoDuration(String text) {
        try {
            Duration d = Durations.parse(text);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d.toString();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--by-duration must be a positive duration such as 24h or 7d, got '" + text + "'");
        }
    }

    /** A reset under a live instance would be undone by its next commit: refuse, and name who is alive. */
    private static void refuseWhileAlive(Settings settings, String applicationId) throws InterruptedException {
        List<String> members = new ArrayList<>();
        try (Admin admin = Admin.create(Clients.admin(settings))) {
            try {
                admin.describeConsumerGroups(List.of(applicationId)).all().get(Clients.timeout(settings).toMillis(),
                        TimeUnit.MILLISECONDS).values().forEach(g -> g.members().forEach(m ->
                                members.add(m.clientId() + " on " + m.host())));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    admin.describeStreamsGroups(List.of(applicationId)).all().get().values().forEach(g -> g.members()
                            .forEach(m -> members.add(m.clientId() + " on " + m.clientHost())));
                }
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw new TopicGuard.ClusterException("Cannot tell whether application.id " + applicationId
                        + " is still running: " + e.getMessage());
            }
        }
        if (!members.isEmpty()) {
            throw new TopicGuard.ClusterException("application.id " + applicationId + " still has " + members.size()
                    + " live member" + (members.size() > 1 ? "s" : "") + ": " + String.join(", ", members)
                    + ". Stop every instance first; a reset under a running instance is undone by its next commit.");
        }
    }

    /** Deletes the application's state on this machine; the other machines' instances must be wiped the same way. */
    private void wipeLocalState(Settings settings, String applicationId, PrintWriter out) throws IOException {
        Path dir = Path.of(new StreamsConfig(EnforcerApp.streamsConfig(settings)).getString(StreamsConfig.STATE_DIR_CONFIG),
                applicationId);
        if (Files.exists(dir)) {
            out.println((dryRun ? "Would delete" : "Deleting") + " the local state in " + dir + ".");
            if (!dryRun) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        } else {
            out.println("No local state in " + dir + ".");
        }
        out.println("On every other machine that ran an instance, delete " + dir.getFileName() + " in its state.dir too.");
    }
}
