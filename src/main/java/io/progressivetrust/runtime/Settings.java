package io.progressivetrust.runtime;

import io.progressivetrust.policy.Multiplier;
import io.progressivetrust.policy.Policy;
import io.progressivetrust.topology.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The application's configuration: {@code pt.*} keys are its own and are
 * validated here, at start, with a message that names the key and says what
 * to write instead; every other key goes to Kafka Streams and its clients
 * unchanged. Sources, later wins: defaults, the file, {@code PT_*}
 * environment variables, {@code --set KEY=VALUE}.
 */
public final class Settings {

    /** Every {@code pt.} key and its default; anything else under {@code pt.} is a typo. */
    static final Map<String, String> DEFAULTS = defaults();

    private final Map<String, String> own;
    private final Properties streams;

    private Settings(Map<String, String> own, Properties streams) {
        this.own = own;
        this.streams = streams;
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>(topicSettings(Topics.defaults()));
        d.put("pt.policy.multiplier.2", "3.0");
        d.put("pt.policy.multiplier.3", "2.0");
        d.put("pt.policy.multiplier.4", "1.8");
        d.put("pt.policy.multiplier.5", "1.6");
        d.put("pt.policy.default-limit", "1000");
        d.put("pt.policy.history-days", "60");
        d.put("pt.policy.unenrolled", "unlimited");
        d.put("pt.policy.average", "history-days");
        d.put("pt.window", "rolling");
        d.put("pt.window.bucket", "1m");
        d.put("pt.zone", "UTC");
        d.put("pt.dedupe.retention", "24h");
        d.put("pt.mode", "enforce");
        d.put("pt.http.port", "8080");
        d.put("pt.http.address", "0.0.0.0");
        d.put("pt.http.token", "");
        d.put("pt.http.account-pattern", "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
        d.put("pt.topics.create", "false");
        d.put("pt.topics.partitions", "3");
        d.put("pt.topics.replication-factor", "-1");
        d.put("pt.shutdown.timeout", "30s");
        d.put("pt.cache.accounts", "20000");
        d.put("pt.rocksdb.memory", "128MiB");
        return Map.copyOf(d);
    }

    /** The {@code pt.topic.*} settings that name these topics. */
    static Map<String, String> topicSettings(Topics t) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("pt.topic.intents", t.intents());
        s.put("pt.topic.reputation", t.reputation());
        s.put("pt.topic.grants", t.grants());
        s.put("pt.topic.accepted", t.accepted());
        s.put("pt.topic.rejected", t.rejected());
        s.put("pt.topic.notifications", t.notifications());
        s.put("pt.topic.dlq", t.deadLetters());
        return s;
    }

    /** Reads the file (may be null), then the environment, then the overrides, and validates the result. */
    public static Settings load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>();
        if (file != null) {
            merged.putAll(readFile(file));
        }
        merged.putAll(fromEnvironment(env));
        merged.putAll(overrides);
        return of(merged);
    }

    public static Settings of(Map<String, String> values) {
        Map<String, String> own = new TreeMap<>(DEFAULTS);
        Properties streams = new Properties();
        streams.put("application.id", "progressive-trust");
        streams.put("processing.guarantee", "exactly_once_v2");
        // an instance that dies hands its accounts over within seconds, not the consumer's default 45
        streams.put("session.timeout.ms", "10000");
        streams.put("heartbeat.interval.ms", "2000");
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey().trim();
            if (key.startsWith("pt.")) {
                if (!DEFAULTS.containsKey(key)) {
                    throw new ConfigException("Unknown setting " + key + ". The pt. settings are: "
                            + String.join(", ", new TreeMap<>(DEFAULTS).keySet()));
                }
                own.put(key, e.getValue().trim());
            } else {
                streams.put(key, e.getValue().trim());
            }
        }
        Settings settings = new Settings(own, streams);
        settings.policy();
        settings.httpPort();
        settings.topicPartitions();
        settings.replicationFactor();
        settings.shutdownTimeout();
        settings.bool("pt.topics.create");
        settings.cachedAccounts();
        settings.httpAccountPattern();
        settings.rocksdbMemory();
        return settings;
    }

    /** Parses {@code KEY=VALUE}; the error names the bad argument. */
    public static Map.Entry<String, String> assignment(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("--set takes KEY=VALUE, got '" + text + "'");
        }
        return Map.entry(text.substring(0, eq).trim(), text.substring(eq + 1));
    }

    public Policy policy() {
        Map<Integer, Multiplier> multipliers = new LinkedHashMap<>();
        for (int score = 2; score <= 5; score++) {
            multipliers.put(score, value("pt.policy.multiplier." + score, Multiplier::parse));
        }
        long defaultLimit = value("pt.policy.default-limit", v -> nonNegative(Long.parseLong(v)));
        int historyDays = value("pt.policy.history-days", v -> positive(Integer.parseInt(v)));
        Integer unenrolled = value("pt.policy.unenrolled", Settings::unenrolled);
        Policy.WindowMode window = value("pt.window", Policy.WindowMode::parse);
        Duration bucket = value("pt.window.bucket", Durations::parse);
        ZoneId zone = value("pt.zone", ZoneId::of);
        Duration retention = value("pt.dedupe.retention", Durations::parse);
        Policy.Mode mode = value("pt.mode", Policy.Mode::parse);
        Policy.Average average = value("pt.policy.average", Policy.Average::parse);
        try {
            return new Policy(multipliers, defaultLimit, historyDays, unenrolled, window, bucket, zone, retention, mode,
                    average);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Invalid policy: " + e.getMessage());
        }
    }

    public Topics topics() {
        return new Topics(own.get("pt.topic.intents"), own.get("pt.topic.reputation"), own.get("pt.topic.grants"),
                own.get("pt.topic.accepted"), own.get("pt.topic.rejected"), own.get("pt.topic.notifications"),
                own.get("pt.topic.dlq"));
    }

    /** The Kafka Streams and client properties, with the application's defaults. */
    public Properties streams() {
        Properties copy = new Properties();
        copy.putAll(streams);
        return copy;
    }

    public String bootstrapServers() {
        String servers = streams.getProperty("bootstrap.servers");
        if (servers == null || servers.isBlank()) {
            throw new ConfigException("bootstrap.servers is not set: add bootstrap.servers=HOST:PORT to the config file "
                    + "or pass --set bootstrap.servers=HOST:PORT");
        }
        return servers;
    }

    public int httpPort() {
        return value("pt.http.port", v -> {
            int port = Integer.parseInt(v);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("must be a port 1..65535, or 0 to turn the HTTP server off");
            }
            return port;
        });
    }

    public boolean createTopics() {
        return bool("pt.topics.create");
    }

    public int topicPartitions() {
        return value("pt.topics.partitions", v -> positive(Integer.parseInt(v)));
    }

    public short replicationFactor() {
        return value("pt.topics.replication-factor", v -> {
            short rf = Short.parseShort(v);
            if (rf == 0 || rf < -1) {
                throw new IllegalArgumentException("must be -1 (the broker's default) or at least 1");
            }
            return rf;
        });
    }

    public Duration shutdownTimeout() {
        return value("pt.shutdown.timeout", Durations::parse);
    }

    /** The address the HTTP server listens on: all interfaces by default. */
    public String httpAddress() {
        return own.get("pt.http.address");
    }

    /** The bearer token /accounts requires, or empty for none; health and metrics never ask for it. */
    public String httpToken() {
        return own.get("pt.http.token");
    }

    /** The form of an account SID the status API accepts; anything else answers 400 before any lookup. */
    public java.util.regex.Pattern httpAccountPattern() {
        return value("pt.http.account-pattern", java.util.regex.Pattern::compile);
    }

    /** How many decoded accounts the instance keeps in memory, shared by its tasks. */
    public int cachedAccounts() {
        return value("pt.cache.accounts", v -> positive(Integer.parseInt(v)));
    }

    /** The memory all RocksDB stores of the instance share (block cache and memtables), in bytes. */
    public long rocksdbMemory() {
        return value("pt.rocksdb.memory", Settings::bytes);
    }

    /** A copy with more settings on top, validated again. */
    public Settings with(Map<String, String> more) {
        Map<String, String> all = new TreeMap<>(own);
        streams.forEach((k, v) -> all.put(k.toString(), v.toString()));
        all.putAll(more);
        return of(all);
    }

    private boolean bool(String key) {
        return value(key, v -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("must be true or false");
            }
            return Boolean.parseBoolean(v);
        });
    }

    private <T> T value(String key, Function<String, T> parse) {
        String raw = own.get(key);
        try {
            return parse.apply(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + "=" + raw + " is not valid: it must be a whole number (default "
                    + DEFAULTS.get(key) + ")");
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new ConfigException(key + "=" + raw + " is not valid: " + e.getMessage() + " (default "
                    + DEFAULTS.get(key) + ")");
        }
    }

    /** A size such as {@code 134217728}, {@code 512KiB}, {@code 128MiB} or {@code 1GiB} (KB, MB, GB count 1024 too). */
    static long bytes(String v) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*([kKmMgG]i?[bB])?").matcher(v.trim());
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

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException("Config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("Cannot read config file " + file + ": " + e.getMessage());
        }
        return p.stringPropertyNames().stream().collect(Collectors.toMap(k -> k, p::getProperty));
    }

    /** {@code PT_POLICY_DEFAULT_LIMIT} sets {@code pt.policy.default-limit}: dots and dashes become underscores. */
    static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> found = new TreeMap<>();
        for (String key : DEFAULTS.keySet()) {
            String name = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            if (env.containsKey(name)) {
                found.put(key, env.get(name));
            }
        }
        return found;
    }
}
