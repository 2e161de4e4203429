package io.progressivetrust.runtime;

import io.progressivetrust.policy.Multiplier;
import io.progressivetrust.policy.Policy;
import io.progressivetrust.topology.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

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

    /** Settings of earlier versions, and what to write instead. */
    private static final Map<String, String> REPLACED = Map.of("pt.cache.accounts",
            "pt.cache.memory, the heap for decoded accounts as a size such as 16MiB (about 750 bytes a quiet account)");

    private final Map<String, String> own;
    private final Properties streams;
    /** Every pt.* value read once from its text, by its declaration. */
    private final Map<String, Object> values = new java.util.HashMap<>();
    private final Policy policy;

    private Settings(Map<String, String> own, Properties streams) {
        this.own = own;
        this.streams = streams;
        SettingDefs.CONFIG_DEF.parse(own);
        own.forEach((key, raw) -> values.put(key, SettingDefs.parse(SettingDefs.BY_KEY.get(key), raw)));
        this.policy = readPolicy();
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        SettingDefs.ALL.forEach(def -> d.put(def.key(), def.defaultValue()));
        return java.util.Collections.unmodifiableMap(d);
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
        // an instance that dies hands its accounts over within seconds, not the consumer's default 45:
        // 6 s is the least a broker accepts by default (group.min.session.timeout.ms); heartbeats
        // come from the consumer's own thread, so only a stall of the whole process counts against it
        streams.put("session.timeout.ms", "6000");
        streams.put("heartbeat.interval.ms", "1500");
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey().trim();
            if (key.startsWith("pt.")) {
                if (REPLACED.containsKey(key)) {
                    throw new ConfigException(key + " is no longer a setting: use " + REPLACED.get(key));
                }
                if (!DEFAULTS.containsKey(key)) {
                    throw new ConfigException("Unknown setting " + key + ". The pt. settings are: "
                            + String.join(", ", new TreeMap<>(DEFAULTS).keySet()));
                }
                own.put(key, e.getValue().trim());
            } else {
                streams.put(key, e.getValue().trim());
            }
        }
        return new Settings(own, streams);
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
        return policy;
    }

    private Policy readPolicy() {
        Map<Integer, Multiplier> multipliers = new LinkedHashMap<>();
        for (int score = 2; score <= 5; score++) {
            multipliers.put(score, value("pt.policy.multiplier." + score));
        }
        try {
            return new Policy(multipliers, value("pt.policy.default-limit"), value("pt.policy.history-days"),
                    value("pt.policy.unenrolled"), value("pt.window"), value("pt.window.bucket"), value("pt.zone"),
                    value("pt.dedupe.retention"), value("pt.mode"), value("pt.policy.average"));
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

    /** Whether verdicts commit in transactions: anything but {@code at_least_once}, the one other guarantee Kafka 4 has. */
    public boolean exactlyOnce() {
        return !StreamsConfig.AT_LEAST_ONCE.equals(streams.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
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
        return value("pt.http.port");
    }

    public boolean createTopics() {
        return value("pt.topics.create");
    }

    public int topicPartitions() {
        return value("pt.topics.partitions");
    }

    public short replicationFactor() {
        return value("pt.topics.replication-factor");
    }

    public Duration shutdownTimeout() {
        return value("pt.shutdown.timeout");
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
        return value("pt.http.account-pattern");
    }

    /** The heap the instance gives to decoded accounts, shared by its tasks, in bytes. */
    public long cacheMemory() {
        return value("pt.cache.memory");
    }

    /** The memory all RocksDB stores of the instance share (block cache and memtables), in bytes. */
    public long rocksdbMemory() {
        return value("pt.rocksdb.memory");
    }

    /** A copy with more settings on top, validated again. */
    public Settings with(Map<String, String> more) {
        Map<String, String> all = new TreeMap<>(own);
        streams.forEach((k, v) -> all.put(k.toString(), v.toString()));
        all.putAll(more);
        return of(all);
    }

    @SuppressWarnings("unchecked")
    private <T> T value(String key) {
        return (T) values.get(key);
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
