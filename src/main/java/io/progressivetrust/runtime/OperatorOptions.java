package io.progressivetrust.runtime;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every operator command shares with {@code run}: where the settings come from. */
final class OperatorOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Java properties file, as for run (default: the built-in defaults).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Overrides one setting; may be repeated.")
    List<String> sets = List.of();

    Settings settings() {
        Settings settings = Settings.load(config, System.getenv(), RunCommand.overrides(sets));
        settings.bootstrapServers();
        return settings;
    }
}
