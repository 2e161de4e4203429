package io.progressivetrust.runtime;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** An operator command about one account: where the settings come from, and which account. */
abstract class AccountCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    OperatorOptions options;

    @Option(names = "--account", required = true, paramLabel = "SID", description = "The account SID.")
    String account;

    /** The account SID, checked as the enforcer reads keys. */
    String sid() {
        return ControlRecords.account(spec, account);
    }

    CommandLine.ParameterException invalid(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
