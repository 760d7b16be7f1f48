package argus.http.server;

import argus.api.config.ArgusConfig;
import argus.api.config.Settings;
import argus.api.health.Health;
import argus.api.spi.ArgusHttpServer;
import argus.api.spi.ServerContext;
import argus.http.Responses;
import argus.http.RouteContributor;
import argus.http.RouteTable;
import argus.http.TokenGate;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The embedded Jetty server: {@code /metrics} and {@code /healthz}, plus whatever
 * {@link RouteContributor}s mount into its {@link RouteTable} (the dashboard). Binding failures (a
 * busy port) never reach the bot (invariant 5): the {@code server} subsystem reports down with the
 * reason, and the bind is retried with backoff on Argus' own thread until the port frees. The log
 * names {@code host:port} only once the server really listens.
 */
public final class JettyServer implements ArgusHttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(JettyServer.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
    /**
     * A connection that sends nothing for this long is closed: the deadline for a request's headers
     * (a client that opens connections and stays silent holds none of them longer) and for idle
     * keep-alive. Longer than the dashboard stream's 15 s heartbeat, so a live stream never idles out.
     */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);
    /** Open connections at most; beyond it new ones wait in the accept queue (dashboard streams are capped at 128). */
    static final int MAX_CONNECTIONS = 256;

    private final Server server;
    private final ServerConnector connector;
    /** Where this server listens now (null while it does not): what {@link RouteTable#listening()} reads. */
    private volatile String listening;
    private final RouteTable routes = new RouteTable(() -> listening);
    private final List<AutoCloseable> contributed = new ArrayList<>();
    private final ServerContext context;
    private final Duration firstRetry;
    private final Duration longestRetry;
    /** Retries binds off every caller's thread (Config Admin's, the bot's); created at the first busy port. */
    private ScheduledExecutorService binder;
    private ScheduledFuture<?> retry;
    private Duration nextRetry;
    private long busySinceNanos;
    private boolean closed;
    private RouteTable.Route metricsRoute;
    private volatile Health health;
    private volatile int port = -1;
    /** The tokens that unlock /healthz's details (the dashboard's is known here on the module path only). */
    private volatile List<TokenGate> healthGates;

    public JettyServer(ServerContext context, List<RouteContributor> contributors) {
        this(context, contributors, FIRST_RETRY, LONGEST_RETRY);
    }

    /** As the public constructor, with the bind retry's backoff bounds (tests shorten them). */
    JettyServer(ServerContext context, List<RouteContributor> contributors, Duration firstRetry,
                Duration longestRetry) {
        this(context, contributors, firstRetry, longestRetry, IDLE_TIMEOUT, MAX_CONNECTIONS);
    }

    /** As the public constructor, with every bound a test may shorten. */
    JettyServer(ServerContext context, List<RouteContributor> contributors, Duration firstRetry,
                Duration longestRetry, Duration idleTimeout, int maxConnections) {
        this.context = context;
        this.firstRetry = firstRetry;
        this.longestRetry = longestRetry;
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
        connector.setIdleTimeout(idleTimeout.toMillis());
        server.addBean(new NetworkConnectionLimit(maxConnections, connector));
        connector.setHost(config.get(Settings.HOST_SETTING));
        connector.setPort(config.get(Settings.PORT));
        server.addConnector(connector);
        server.setStopAtShutdown(false); // Argus closes the server itself, after draining the sink

        metricsRoute = mountMetrics(config);
        healthGates = gates(config);
        routes.exact("/healthz", new HealthHandler(() -> {
            Map<String, Health> all = new LinkedHashMap<>(context.health());
            all.putIfAbsent("server", health);
            return all;
        }, () -> healthGates));
        contributors.forEach(c -> mount(c, context));

        // GzipHandler is deprecated for removal since Jetty 12.1.1. Its replacement, CompressionHandler, lives in
        // three more jars (jetty-compression-server, -common, -gzip: three more bundles in the distribution, found
        // through ServiceLoader/SPI Fly) and has its own defaults for what it compresses; moving to it is a change
        // of its own, to make before Jetty drops this class. Until then the warning is known and suppressed here.
        @SuppressWarnings("removal")
        GzipHandler gzip = new GzipHandler(routes);
        gzip.setMinGzipSize(1024);
        server.setHandler(new SecurityHeaders(gzip));
        server.setErrorHandler((request, response, callback) -> {
            // Jetty's default error page would print a stack trace or version; answer plainly.
            // Bad requests (400/414/431) reach this handler without passing SecurityHeaders: add them here
            // so that every response carries them (README, "Dashboard and HTTP APIs").
            SecurityHeaders.apply(response.getHeaders());
            Responses.error(response, callback, response.getStatus() == 0 ? 500 : response.getStatus(),
                    "request failed");
            return true;
        });
        health = Health.down("not started");
    }

    private static List<TokenGate> gates(ArgusConfig config) {
        return List.of(new TokenGate(config.get(Settings.METRICS_AUTH_TOKEN), true),
                new TokenGate(config.get(Settings.DASHBOARD_AUTH_TOKEN)));
    }

    private RouteTable.Route mountMetrics(ArgusConfig config) {
        return routes.exact(config.get(Settings.METRICS_PATH), new MetricsHandler(context.metrics(), context::format,
                new TokenGate(config.get(Settings.METRICS_AUTH_TOKEN), true), context::reportError));
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

    /**
     * Binds and starts serving. The first attempt runs here (a bind succeeds or fails at once); a
     * failure is logged, reported through {@link #health()} and retried with backoff on Argus' own
     * thread, never thrown.
     */
    public synchronized void start(ArgusConfig config) {
        connector.setHost(config.get(Settings.HOST_SETTING));
        connector.setPort(config.get(Settings.PORT));
        cancelRetry();
        nextRetry = firstRetry;
        attempt();
    }

    /**
     * Applies a new configuration of this runtime in place: a new metrics path or token swaps the
     * {@code /metrics} route (the new one is mounted before the old one leaves, so scrapes never see
     * neither); a new host or port rebinds (open connections on the old address end). Mounted routes
     * (the dashboard) stay.
     */
    public synchronized void reconfigure(ArgusConfig previous, ArgusConfig next) {
        healthGates = gates(next);
        if (!previous.get(Settings.METRICS_PATH).equals(next.get(Settings.METRICS_PATH))
                || !previous.get(Settings.METRICS_AUTH_TOKEN).equals(next.get(Settings.METRICS_AUTH_TOKEN))) {
            RouteTable.Route old = metricsRoute;
            metricsRoute = mountMetrics(next);
            old.close();
        }
        if (!previous.get(Settings.HOST_SETTING).equals(next.get(Settings.HOST_SETTING))
                || !previous.get(Settings.PORT).equals(next.get(Settings.PORT))) {
            stopQuietly();
            port = -1;
            listening = null;
            start(next);
        }
    }

    /** One bind attempt; on failure, schedules the next one (1 s doubling to 30 s by default). */
    private synchronized void attempt() {
        retry = null;
        if (closed) {
            return;
        }
        String address = connector.getHost() + ":" + connector.getPort();
        try {
            if (busySinceNanos != 0) {
                probe(); // a still-busy port fails here quietly, not through a full Jetty start and stop
            }
            server.start();
            port = connector.getLocalPort();
            String where = "http://" + connector.getHost() + ":" + port;
            listening = where;
            health = Health.up("listening on " + connector.getHost() + ":" + port);
            if (busySinceNanos != 0) {
                LOG.info("Argus HTTP listening on {} (after {} s of retrying {})", where,
                        (System.nanoTime() - busySinceNanos) / 1_000_000_000L, address);
            } else {
                LOG.info("Argus HTTP listening on {}", where);
            }
            busySinceNanos = 0;
        } catch (Exception e) {
            stopQuietly();
            Duration delay = nextRetry;
            nextRetry = delay.multipliedBy(2).compareTo(longestRetry) > 0 ? longestRetry : delay.multipliedBy(2);
            health = Health.down("could not listen on " + address + " (" + reason(e) + "); retrying every "
                    + delay.toMillis() / 1000.0 + " s up to " + longestRetry.toSeconds() + " s");
            if (busySinceNanos == 0) {
                // One line per state change, not one per retry.
                busySinceNanos = System.nanoTime();
                LOG.error("Argus could not start its HTTP server on {} ({}): metrics are still collected and the "
                        + "bind is retried with backoff; free the port or set port. The bot keeps running.",
                        address, reason(e));
            }
            if (binder == null) {
                binder = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "argus-http-bind");
                    t.setDaemon(true);
                    return t;
                });
            }
            retry = binder.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Fails as Jetty's bind would (same address, same SO_REUSEADDR) without starting anything. */
    private void probe() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(connector.getHost(), connector.getPort()));
        }
    }

    private static String reason(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("Error stopping the Argus HTTP server", e);
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
        synchronized (this) {
            closed = true;
            cancelRetry();
            if (binder != null) {
                binder.shutdownNow();
            }
        }
        RouteContributor.unmount(contributed); // ends open dashboard streams cleanly before the connectors close
        synchronized (this) {
            stopQuietly();
            port = -1;
            listening = null;
            health = Health.down("stopped");
        }
    }
}
