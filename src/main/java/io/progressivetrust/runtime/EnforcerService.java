package io.progressivetrust.runtime;

import io.progressivetrust.topology.EnforcerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance: topics checked, HTTP server up, Kafka Streams
 * started; closed in the reverse order.
 */
public final class EnforcerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EnforcerService.class);

    private final Settings settings;
    private final Metrics metrics;
    private EnforcerApp app;
    private StatusServer http;
    private boolean closed;

    public EnforcerService(Settings settings) {
        this.settings = settings;
        this.metrics = new Metrics();
    }

    /** Checks the cluster, then starts; throws {@link TopicGuard.ClusterException} or Kafka's {@link org.apache.kafka.common.config.ConfigException}. */
    public EnforcerService start() {
        long checking = System.nanoTime();
        new TopicGuard(settings).check();
        LOG.info("Permissions and topics checked in {} ms", (System.nanoTime() - checking) / 1_000_000);
        try {
            open();
        } catch (RuntimeException e) {
            close(); // nothing half-started stays behind: no bound port, no Kafka Streams threads
            throw e;
        }
        return this;
    }

    private void open() {
        boolean serve = settings.httpPort() > 0;
        Settings effective = serve ? settings.with(StatusServer.applicationServer(settings, settings.httpPort())) : settings;
        EnforcerListener listener = metrics.listener();
        app = new EnforcerApp(effective, listener);
        metrics.bind(app.streams());
        if (serve) {
            // bound only once Kafka Streams is built: a server that never started cannot let go of its port
            http = StatusServer.bind(settings);
            http.serve(app, metrics, effective);
            LOG.info("Status API, metrics and page at http://{}/", effective.streams().getProperty("application.server"));
        }
        app.start();
    }

    public EnforcerApp app() {
        return app;
    }

    public int httpPort() {
        return http == null ? 0 : http.port();
    }

    /** Blocks until Kafka Streams stops; true if it stopped because it failed. */
    public boolean awaitStop() throws InterruptedException {
        return app.awaitStop();
    }

    /** Closes Kafka Streams, then the HTTP server; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (app != null) {
            app.close();
        }
        if (http != null) {
            http.close();
        }
    }
}
