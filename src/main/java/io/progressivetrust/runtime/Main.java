package io.progressivetrust.runtime;

import java.io.PrintWriter;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code run} against a cluster, {@code local} on an embedded broker. */
@Command(name = "progressive-trust", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {RunCommand.class, LocalCommand.class, ScoreCommand.class, GrantCommand.class, ReplayCommand.class,
            ResubmitCommand.class, WhatIfCommand.class},
        description = {"Enforces Progressive Trust daily message limits on a stream of send intents.", "",
            "Every send intent is judged against its account's limit (from its Reputation Score and 60-day "
                + "history): it goes to the accepted topic, or to the rejected topic with error 63038.", ""},
        footer = {"", "Exit codes: 0 stopped cleanly, 1 failed while running, 2 bad command line or config, "
            + "3 the cluster cannot be used as it stands (unreachable, missing or mismatched topics)."})
public final class Main implements Runnable {

    public static final int FAILED = 1;
    public static final int BAD_CONFIG = 2;
    public static final int BAD_CLUSTER = 3;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Kafka Streams formats a few log lines with String.format for every record of a task whose
        // control topics are idle, even when they are not logged; under any format locale but en-US
        // each of those formats builds a DecimalFormatSymbols, which cost several percent of the CPU.
        // Nothing the application writes depends on the format locale.
        Locale.setDefault(Locale.Category.FORMAT, Locale.US);
        int code = execute(args);
        LogManager.shutdown();
        System.exit(code);
    }

    /** Runs a command and returns its exit code; errors are printed as one clear message, not a stack trace. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((error, args2) -> {
            CommandLine line = error.getCommandLine();
            line.getErr().println("Invalid input: " + error.getMessage() + " (see '" + line.getCommandSpec().qualifiedName()
                    + " --help')");
            return BAD_CONFIG;
        });
        cli.setExecutionExceptionHandler((error, line, parsed) -> {
            PrintWriter message = line.getErr();
            ConfigException config = configError(error);
            if (config != null) {
                // the pt.* settings and the Streams and client settings Kafka validates alike
                message.println("Configuration error: " + config.getMessage());
                return BAD_CONFIG;
            }
            if (error instanceof TopicGuard.ClusterException) {
                message.println("Cannot start: " + error.getMessage());
                return BAD_CLUSTER;
            }
            message.println("Failed: " + error);
            org.slf4j.LoggerFactory.getLogger(Main.class).error("Failed", error);
            return FAILED;
        });
        return cli.execute(args);
    }

    /** The setting Kafka refused, also when a client wraps it ("Failed to create new KafkaAdminClient"). */
    private static ConfigException configError(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof ConfigException config) {
                return config;
            }
        }
        return null;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"progressive-trust " + (version == null ? "(development build)" : version),
                "Kafka Streams " + org.apache.kafka.common.utils.internals.AppInfoParser.getVersion()};
        }
    }
}
