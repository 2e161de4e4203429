package io.progressivetrust.runtime;

import io.progressivetrust.policy.Multiplier;
import io.progressivetrust.policy.Policy;
import io.progressivetrust.topology.Topics;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigException;

/**
 * Every {@code pt.*} setting, declared once: its key, default, how its value is read (which is
 * also its check), and what it means. Kafka's {@link ConfigDef} validates them as it validates
 * its own; the README's settings table is generated from here, and a test fails when it drifts.
 */
final class SettingDefs {

    /** One setting; {@code parse} turns its text into its value or throws saying what to write. */
    record Def(String key, String defaultValue, Importance importance, String doc, Function<String, ?> parse) { }

    static final List<Def> ALL = declare();
    static final Map<String, Def> BY_KEY = byKey();
    static final ConfigDef CONFIG_DEF = configDef();

    private SettingDefs() { }

    private static List<Def> declare() {
        List<Def> d = new ArrayList<>();
        Topics t = Topics.defaults();
        topic(d, "pt.topic.intents", t.intents(), "input: send intents");
        topic(d, "pt.topic.reputation", t.reputation(), "input, compacted: Reputation Score per account");
        topic(d, "pt.topic.grants", t.grants(), "input, compacted: approved extra daily messages");
        topic(d, "pt.topic.accepted", t.accepted(), "output: accepted intents");
        topic(d, "pt.topic.rejected", t.rejected(), "output: rejected intents");
        topic(d, "pt.topic.notifications", t.notifications(), "output: notices for account owners");
        topic(d, "pt.topic.dlq", t.deadLetters(), "output: input that could not be read");
        String[] multipliers = {"3.0", "2.0", "1.8", "1.6"};
        for (int score = 2; score <= 5; score++) {
            d.add(new Def("pt.policy.multiplier." + score, multipliers[score - 2], Importance.HIGH,
                    "limit multiplier of score " + score + " (score 1 is always unlimited)", Multiplier::parse));
        }
        d.add(new Def("pt.policy.default-limit", "1000", Importance.HIGH,
                "limit of an account with no SMS in the history", v -> nonNegative(Long.parseLong(v))));
        d.add(new Def("pt.policy.history-days", "60", Importance.HIGH,
                "days N of the history; the limit is ceil(m × S / N)", v -> positive(Integer.parseInt(v))));
        d.add(new Def("pt.policy.unenrolled", "unlimited", Importance.HIGH,
                "accounts with no score: unlimited, or treated as a score `1`..`5`", SettingDefs::unenrolled));
        d.add(new Def("pt.policy.average", "history-days", Importance.MEDIUM,
                "what S is divided by: N, as published, or `active-days`, the days since the account's first SMS in "
                        + "the history (a gentler ramp for new accounts, see [rules](docs/rules.md))",
                Policy.Average::parse));
        d.add(new Def("pt.window", "rolling", Importance.HIGH, "`rolling` 24 hours, or `calendar-day` in `pt.zone`",
                Policy.WindowMode::parse));
        d.add(new Def("pt.window.bucket", "1m", Importance.LOW, "granularity of the rolling window; must divide 24h",
                Durations::parse));
        d.add(new Def("pt.zone", "UTC", Importance.HIGH, "zone of the calendar days of the history and calendar window",
                ZoneId::of));
        d.add(new Def("pt.dedupe.retention", "24h", Importance.MEDIUM, "how long a messageSid is remembered",
                Durations::parse));
        d.add(new Def("pt.mode", "enforce", Importance.HIGH,
                "or `shadow`: accept everything, mark what would have been rejected", Policy.Mode::parse));
        d.add(new Def("pt.http.port", "8080", Importance.MEDIUM, "HTTP server; `0` turns it off", SettingDefs::port));
        d.add(new Def("pt.http.address", "0.0.0.0", Importance.LOW,
                "the address it listens on (`127.0.0.1`: this machine only)", v -> v));
        d.add(new Def("pt.http.token", "", Importance.MEDIUM,
                "if set, `/accounts` answers only requests with `Authorization: Bearer <token>` (401 otherwise); "
                        + "health, metrics and the page stay open for probes and Prometheus", v -> v));
        d.add(new Def("pt.http.account-pattern", "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}", Importance.LOW,
                "the form of an account SID the status API accepts; anything else answers 400 before any lookup",
                Pattern::compile));
        d.add(new Def("pt.topics.create", "false", Importance.MEDIUM, "create missing topics at start",
                SettingDefs::bool));
        d.add(new Def("pt.topics.partitions", "3", Importance.LOW, "partitions of topics the application creates",
                v -> positive(Integer.parseInt(v))));
        d.add(new Def("pt.topics.replication-factor", "-1", Importance.LOW,
                "their replication factor (`-1`: the broker's default)", SettingDefs::replicationFactor));
        d.add(new Def("pt.shutdown.timeout", "30s", Importance.LOW, "how long a clean close may take", Durations::parse));
        d.add(new Def("pt.cache.memory", "16MiB", Importance.MEDIUM,
                "heap an instance gives to decoded accounts, shared by its tasks (see [performance](docs/performance.md))",
                SettingDefs::bytes));
        d.add(new Def("pt.rocksdb.memory", "128MiB", Importance.MEDIUM,
                "memory all RocksDB stores of an instance share: block cache, index and filter blocks, memtables",
                SettingDefs::bytes));
        return Collections.unmodifiableList(d);
    }

    private static void topic(List<Def> d, String key, String name, String doc) {
        d.add(new Def(key, name, Importance.HIGH, doc, v -> {
            if (v.isBlank()) {
                throw new IllegalArgumentException("must name a topic");
            }
            return v;
        }));
    }

    private static Map<String, Def> byKey() {
        Map<String, Def> m = new LinkedHashMap<>();
        ALL.forEach(def -> m.put(def.key(), def));
        return Collections.unmodifiableMap(m);
    }

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        for (Def s : ALL) {
            def.define(s.key(), ConfigDef.Type.STRING, s.defaultValue(), (name, value) -> parse(s, (String) value),
                    s.importance(), s.doc());
        }
        return def;
    }

    /** The setting's value read from its text; the error says what to write instead. */
    static Object parse(Def def, String raw) {
        try {
            return def.parse().apply(raw.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(def.key() + "=" + raw + " is not valid: it must be a whole number (default "
                    + def.defaultValue() + ")");
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new ConfigException(def.key() + "=" + raw + " is not valid: " + e.getMessage() + " (default "
                    + def.defaultValue() + ")");
        }
    }

    /** The README's table of the settings (all but the topic names, which have a table of their own). */
    static String markdownTable() {
        StringBuilder t = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        for (Def s : ALL) {
            if (!s.key().startsWith("pt.topic.")) {
                String def = s.defaultValue().isEmpty() ? "(none)" : "`" + s.defaultValue() + "`";
                t.append("| `").append(s.key()).append("` | ").append(def).append(" | ").append(s.doc()).append(" |\n");
            }
        }
        return t.toString();
    }

    /** The pt.* part of config/application.properties: every setting with its meaning and default. */
    static String propertiesSection() {
        StringBuilder p = new StringBuilder("# --- progressive-trust's own settings, with their defaults "
                + "(generated from their declarations; a test keeps this part of the file equal to them) ---\n");
        for (Def s : ALL) {
            String doc = s.doc().replace("`", "").replaceAll("\\[([^]]+)]\\(([^)]+)\\)", "$1 ($2)");
            p.append("\n# ").append(doc).append('\n').append(s.key()).append('=').append(s.defaultValue()).append('\n');
        }
        return p.toString();
    }

    private static Object port(String v) {
        int port = Integer.parseInt(v);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("must be a port 1..65535, or 0 to turn the HTTP server off");
        }
        return port;
    }

    private static Object bool(String v) {
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("must be true or false");
        }
        return Boolean.parseBoolean(v);
    }

    private static Object replicationFactor(String v) {
        short rf = Short.parseShort(v);
        if (rf == 0 || rf < -1) {
            throw new IllegalArgumentException("must be -1 (the broker's default) or at least 1");
        }
        return rf;
    }

    /** A size such as {@code 134217728}, {@code 512KiB}, {@code 128MiB} or {@code 1GiB} (KB, MB, GB count 1024 too). */
    static long bytes(String v) {
        java.util.regex.Matcher m = Pattern.compile("(\\d+)\\s*([kKmMgG]i?[bB])?").matcher(v.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a size such as 128MiB, 512KiB or 1GiB");
        }
        long n = Long.parseLong(m.group(1));
        int shift = m.group(2) == null ? 0 : switch (Character.toLowerCase(m.group(2).charAt(0))) {
            case 'k' -> 10;
            case 'm' -> 20;
            default -> 30;
        };
        long bytes = n << shift;
        if (bytes >>> shift != n || bytes < (1L << 20)) {
            throw new IllegalArgumentException("must be at least 1MiB and a sensible size");
        }
        return bytes;
    }

    private static Integer unenrolled(String v) {
        if (v.equalsIgnoreCase("unlimited")) {
            return null;
        }
        int score = Integer.parseInt(v);
        if (score < 1 || score > 5) {
            throw new IllegalArgumentException("must be 'unlimited' or a score 1..5");
        }
        return score;
    }

    private static long nonNegative(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        return v;
    }

    private static int positive(int v) {
        if (v < 1) {
            throw new IllegalArgumentException("must be at least 1");
        }
        return v;
    }
}
