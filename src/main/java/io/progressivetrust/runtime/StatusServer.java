package io.progressivetrust.runtime;

import org.apache.kafka.common.config.ConfigException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.progressivetrust.policy.AccountState;
import io.progressivetrust.policy.Enforcer;
import io.progressivetrust.topology.EnforcerTopology;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of an instance: account status (answered here, or forwarded
 * to the instance that owns the account), health, Prometheus metrics and the
 * status page. While tasks move between instances the status API answers
 * 503 with Retry-After, never a wrong number.
 */
final class StatusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
    static final String FORWARDED = "X-Progressive-Trust-Forwarded";
    private static final int MAX_PATH = 2048;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "http");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Clock clock;
    private final String token;
    private final java.util.regex.Pattern accountPattern;
    private KafkaStreams streams;
    private Enforcer enforcer;
    private Metrics metrics;
    private HostInfo self;

    private StatusServer(HttpServer server, Clock clock, Settings settings) {
        this.server = server;
        this.clock = clock;
        this.token = settings.httpToken();
        this.accountPattern = settings.httpAccountPattern();
    }

    static StatusServer bind(Settings settings) {
        int port = settings.httpPort();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(settings.httpAddress(), port), 64);
            return new StatusServer(server, Clock.systemUTC(), settings);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("Cannot serve HTTP on " + settings.httpAddress() + ":" + port + " (" + e.getMessage()
                    + "): choose another pt.http.port or pt.http.address, or pt.http.port=0 to turn the HTTP server off");
        }
    }

    /** {@code application.server} as given, or this host's loopback address and the HTTP port. */
    static Map<String, String> applicationServer(Settings settings, int port) {
        String given = settings.streams().getProperty("application.server");
        return Map.of("application.server", given != null ? given : "127.0.0.1:" + port);
    }

    int port() {
        return server.getAddress().getPort();
    }

    void serve(EnforcerApp app, Metrics metrics, Settings settings) {
        this.streams = app.streams();
        this.enforcer = app.enforcer();
        this.metrics = metrics;
        this.self = HostInfo.buildFromEndpoint(settings.streams().getProperty("application.server"));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (RuntimeException e) {
            // answered while the exchange is still open: a client gets a 500, not a dropped connection
            LOG.error("HTTP request {} failed", exchange.getRequestURI(), e);
            send(exchange, 500, "application/json", "{\"error\":\"internal error\"}");
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (!"GET".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "application/json", "{\"error\":\"only GET is served\"}");
        } else if (path.startsWith("/accounts/") && path.length() > "/accounts/".length()) {
            if (authorized(exchange)) {
                account(exchange, path.substring("/accounts/".length()));
            }
        } else if (path.length() > MAX_PATH) {
            send(exchange, 414, "application/json", "{\"error\":\"the path is longer than " + MAX_PATH + " characters\"}");
        } else if (path.equals("/health") || path.equals("/health/ready")) {
            health(exchange, streams.state() == KafkaStreams.State.RUNNING);
        } else if (path.equals("/health/live")) {
            health(exchange, live(streams.state()));
        } else if (path.equals("/metrics")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            metrics.write(body);
            send(exchange, 200, Metrics.contentType(), body.toByteArray());
        } else if (path.equals("/") || path.equals("/index.html")) {
            send(exchange, 200, "text/html; charset=utf-8", page());
        } else {
            send(exchange, 404, "application/json",
                    "{\"error\":\"not found: try /accounts/{sid}, /health/ready, /health/live, /metrics or /\"}");
        }
    }

    /** With pt.http.token set, /accounts answers only requests that carry it (forwarded ones included). */
    private boolean authorized(HttpExchange exchange) throws IOException {
        if (token.isEmpty()) {
            return true;
        }
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        if (given != null && java.security.MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                ("Bearer " + token).getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        send(exchange, 401, "application/json", "{\"error\":\"this instance needs Authorization: Bearer <pt.http.token>\"}");
        return false;
    }

    private void health(HttpExchange exchange, boolean ok) throws IOException {
        send(exchange, ok ? 200 : 503, "application/json", "{\"state\":\"" + streams.state() + "\"}");
    }

    /**
     * Whether the process works: starting, rebalancing, running or closing cleanly. A liveness probe
     * must not restart an instance because its group is rebalancing; only a failed one.
     */
    static boolean live(KafkaStreams.State state) {
        return switch (state) {
            case CREATED, REBALANCING, RUNNING, PENDING_SHUTDOWN -> true;
            case PENDING_ERROR, ERROR, NOT_RUNNING -> false;
        };
    }

    /**
     * Answers from this instance's stores when the account is here (whichever partition it was
     * produced to: clients with another partitioner may not have used murmur2), else forwards to
     * the instance Kafka Streams says owns it, else answers as for a new account.
     */
    private void account(HttpExchange exchange, String rawSid) throws IOException {
        String sid;
        try {
            sid = URLDecoder.decode(rawSid, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            sid = null;
        }
        if (sid == null || !accountPattern.matcher(sid).matches()) {
            send(exchange, 400, "application/json", "{\"error\":\"not an account SID of the form "
                    + accountPattern.pattern().replace("\\", "\\\\").replace("\"", "'") + " (pt.http.account-pattern)\"}");
            return;
        }
        if (streams.state() != KafkaStreams.State.RUNNING) {
            unavailable(exchange, "the application is " + streams.state() + "; its tasks are not assigned yet");
            return;
        }
        AccountState state;
        KeyQueryMetadata owner;
        try {
            state = streams.store(StoreQueryParameters.fromNameAndType(EnforcerTopology.ACCOUNT_STORE,
                    QueryableStoreTypes.<String, AccountState>keyValueStore())).get(sid);
            owner = streams.queryMetadataForKey(EnforcerTopology.ACCOUNT_STORE, sid, new StringSerializer());
        } catch (InvalidStateStoreException e) {
            unavailable(exchange, "the account's store is not queryable right now (" + e.getMessage() + ")");
            return;
        }
        if (state == null && owner != null && owner != KeyQueryMetadata.NOT_AVAILABLE && !owner.activeHost().equals(self)) {
            if (exchange.getRequestHeaders().containsKey(FORWARDED)) {
                unavailable(exchange, "the account's tasks are moving between instances");
            } else {
                forward(exchange, owner.activeHost(), sid);
            }
            return;
        }
        AccountState account = state == null ? new AccountState() : state;
        long at = account.hasClock() ? account.clock() : clock.millis();
        send(exchange, 200, "application/json", StatusJson.write(enforcer.status(sid, account, at), enforcer.window()));
    }

    private void forward(HttpExchange exchange, HostInfo owner, String sid) throws IOException {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + "/accounts/"
                + java.net.URLEncoder.encode(sid, StandardCharsets.UTF_8).replace("+", "%20"));
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .header(FORWARDED, self.host() + ":" + self.port());
            if (!token.isEmpty()) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<byte[]> response = client.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().firstValue("Retry-After").ifPresent(v -> exchange.getResponseHeaders().set("Retry-After", v));
            send(exchange, response.statusCode(), "application/json", response.body());
        } catch (IOException e) {
            unavailable(exchange, "the instance that owns the account (" + owner + ") did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailable(exchange, "interrupted");
        }
    }

    private static void unavailable(HttpExchange exchange, String why) throws IOException {
        exchange.getResponseHeaders().set("Retry-After", "1");
        send(exchange, 503, "application/json", "{\"error\":\"" + why.replace("\"", "'") + "\"}");
    }

    private static byte[] page() {
        try (InputStream in = StatusServer.class.getResourceAsStream("/status.html")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(HttpExchange exchange, int code, String type, String body) throws IOException {
        send(exchange, code, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
