package argus.http;

import argus.api.config.ArgusConfig;
import argus.api.config.Settings;
import argus.api.health.Health;
import argus.api.spi.ArgusHttpServer;
import argus.api.spi.ServerContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded Jetty server: {@code /metrics} and {@code /healthz}, plus whatever
 * {@link RouteContributor}s mount into its {@link RouteTable} (the dashboard). Binding failures (a
 * busy port) are logged and reported as the {@code server} subsystem being down; they never reach
 * the bot (invariant 5).
 */
public final class JettyServer implements ArgusHttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(JettyServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final RouteTable routes = new RouteTable();
    private final List<AutoCloseable> contributed = new ArrayList<>();
    private volatile Health health;
    private volatile int port = -1;

    public JettyServer(ServerContext context, List<RouteContributor> contributors) {
        ArgusConfig config = context.config();
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("argus-http");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);   // no version banner
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(8 * 1024);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.get(Settings.HOST_SETTING));
        connector.setPort(config.get(Settings.PORT));
        server.addConnector(connector);
        server.setStopAtShutdown(false); // Argus closes the server itself, after draining the sink

        routes.exact(config.get(Settings.METRICS_PATH), new MetricsHandler(context.metrics(), context::format,
                new TokenGate(config.get(Settings.METRICS_AUTH_TOKEN)), context::reportError));
        routes.exact("/healthz", new HealthHandler(() -> {
            Map<String, Health> all = new LinkedHashMap<>(context.health());
            all.putIfAbsent("server", health);
            return all;
        }));
        contributors.forEach(c -> mount(c, context));

        GzipHandler gzip = new GzipHandler(routes);
        gzip.setMinGzipSize(1024);
        server.setHandler(new SecurityHeaders(gzip));
        server.setErrorHandler((request, response, callback) -> {
            // Jetty's default error page would print a stack trace or version; answer plainly.
            // Bad requests (400/414/431) reach this handler without passing SecurityHeaders: add them here
            // so that every response carries them (DESIGN.md §5).
            SecurityHeaders.apply(response.getHeaders());
            Responses.error(response, callback, response.getStatus() == 0 ? 500 : response.getStatus(),
                    "request failed");
            return true;
        });
        health = Health.down("not started");
    }

    /** Contributed routes are optional: a failure there is logged and never costs /metrics. */
    private void mount(RouteContributor contributor, ServerContext context) {
        try {
            contributed.addAll(contributor.mount(routes, context));
        } catch (RuntimeException e) {
            context.reportError("dashboard", e);
            LOG.error("Argus could not mount {} ({}); /metrics and /healthz are unaffected.",
                    contributor.getClass().getName(), e.toString());
        }
    }

    /** Binds and starts serving; a failure is logged and reported through {@link #health()}, never thrown. */
    public void start(ArgusConfig config) {
        String address = config.get(Settings.HOST_SETTING) + ":" + config.get(Settings.PORT);
        try {
            server.start();
            port = connector.getLocalPort();
            health = Health.up("listening on " + config.get(Settings.HOST_SETTING) + ":" + port);
        } catch (Exception e) {
            health = Health.down("could not listen on " + address + ": " + e.getClass().getSimpleName());
            LOG.error("Argus could not start its HTTP server on {} ({}): metrics are still collected; free the port "
                    + "or set ARGUS_PORT. The bot keeps running.", address, e.toString());
            RouteContributor.unmount(contributed);
            try {
                server.stop();
            } catch (Exception ignored) {
                // nothing more to release
            }
        }
    }

    /** The route table, for mounting further routes at run time (dashboard, APIs). */
    public RouteTable routes() {
        return routes;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Health health() {
        return health;
    }

    @Override
    public void close() {
        RouteContributor.unmount(contributed); // ends open dashboard streams cleanly before the connectors close
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("Error stopping the Argus HTTP server", e);
        }
        port = -1;
        health = Health.down("stopped");
    }
}
