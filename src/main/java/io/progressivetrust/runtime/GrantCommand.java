package io.progressivetrust.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code grant --account SID --extra N [--expires INSTANT] --approved-by WHO --reason TEXT | --revoke}. */
@Command(name = "grant", mixinStandardHelpOptions = true,
        description = {"Grants an account extra daily messages on top of its limit, or revokes its grant.", "",
            "Publishes the grant (who approved it and why are kept in the record), or a tombstone with --revoke, "
                + "keyed by the account to the grants topic. A newer grant replaces the older. It applies to the "
                + "account's intents after the record's time, until it expires.", ""})
final class GrantCommand extends ControlCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ArgGroup(multiplicity = "1")
    What what;

    static final class What {
        @ArgGroup(exclusive = false)
        Extra grant;

        @Option(names = "--revoke", description = "Revokes the account's grant (a tombstone).")
        boolean revoke;
    }

    static final class Extra {
        @Option(names = "--extra", required = true, paramLabel = "N", description = "Extra messages a day, 0 or more.")
        long extra;

        @Option(names = "--expires", paramLabel = "INSTANT",
                description = "When the grant ends, e.g. 2026-12-01T00:00:00Z (default: never, until revoked).")
        String expires;

        @Option(names = "--approved-by", required = true, paramLabel = "WHO", description = "Who approved it.")
        String approvedBy;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
        String reason;
    }

    @Override
    String value(long time) {
        if (what.revoke) {
            return null;
        }
        Extra g = what.grant;
        if (g.extra < 0) {
            throw invalid("--extra must be 0 or more, got " + g.extra);
        }
        if (g.approvedBy.isBlank() || g.reason.isBlank()) {
            throw invalid("--approved-by and --reason must not be blank");
        }
        ObjectNode json = JSON.createObjectNode().put("extraDailyMessages", g.extra);
        if (g.expires != null) {
            long expires = ControlRecords.instant(spec, "--expires", g.expires);
            if (expires <= time) {
                throw invalid("--expires " + g.expires + " is not after the grant's time " + Instant.ofEpochMilli(time)
                        + ": it would never apply");
            }
            json.put("expiresAt", Instant.ofEpochMilli(expires).toString());
        }
        return json.put("approvedBy", g.approvedBy).put("reason", g.reason).toString();
    }

    @Override
    String topic(Settings settings) {
        return settings.topics().grants();
    }

    @Override
    String outcome(Settings settings, long time) {
        if (what.revoke) {
            return "From " + Instant.ofEpochMilli(time) + " the account's limit is its score's alone.";
        }
        return "From " + Instant.ofEpochMilli(time) + " the account's daily limit is its score's plus " + what.grant.extra
                + (what.grant.expires == null ? ", until revoked." : ", until " + what.grant.expires + ".");
    }
}
