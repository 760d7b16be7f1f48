package argus.web.api;

import argus.api.config.ArgusConfig;
import argus.api.health.Health;
import argus.api.metrics.Labels;
import argus.api.metrics.MetricsSource;
import argus.api.query.AnalyticsQuery;
import argus.api.spi.ArgusHttpServer;
import argus.api.spi.HttpServerProvider;
import argus.api.spi.MetricsFormat;
import argus.api.spi.ServerContext;
import argus.core.instrument.UserMetrics;
import argus.core.registry.Counter;
import argus.core.registry.Histogram;
import argus.core.registry.MetricRegistry;
import argus.exporter.prometheus.PrometheusFormat;
import argus.web.dashboard.Dashboard;
import argus.http.RouteTable;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Argus web server on a free loopback port, with a real registry (argus-core) and the real
 * Prometheus format, for the dashboard and API tests. Not a mock of Jetty: requests go over sockets.
 */
public final class WebFixture implements AutoCloseable {
    public static final String TOKEN = "s3cret-Token_42";

    public final TestContext context;
    public final MetricRegistry registry;
    public final Counter interactions;
    public final Counter commands;
    public final Histogram commandDuration;
    public final Counter gatewayEvents;
    public final Counter rateLimits;
    private final ArgusHttpServer server;
    private final Server harness;
    private final List<AutoCloseable> mounted;
    public final int port;

    private WebFixture(TestContext context, ArgusHttpServer server, Server harness, List<AutoCloseable> mounted, int port) {
        this.context = context;
        this.registry = context.registry;
        this.interactions = context.interactions;
        this.commands = context.commands;
        this.commandDuration = context.commandDuration;
        this.gatewayEvents = context.gatewayEvents;
        this.rateLimits = context.rateLimits;
        this.server = server;
        this.harness = harness;
        this.mounted = mounted;
        this.port = port;
    }

    /** The product's own server, found as core finds it (the {@link HttpServerProvider} service). */
    public static WebFixture start(Map<String, String> settings, AnalyticsQuery analytics) {
        TestContext ctx = new TestContext(settings, analytics, null);
        ArgusHttpServer s = ServiceLoader.load(HttpServerProvider.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("argus-http is not on the test class path"))
                .start(ctx);
        if (s.port() <= 0) {
            throw new IllegalStateException("server did not start: " + s.health());
        }
        return new WebFixture(ctx, s, null, List.of(), s.port());
    }

    /**
     * A bare Jetty server with only the dashboard's routes, for tuning the live options (short
     * intervals, small stream caps) and counting snapshot builds. It has the server's gzip (which must
     * not hold back stream frames) but not its security headers: those belong to argus-http's server,
     * tested there and through {@link #start} here.
     */
    public static WebFixture harness(Map<String, String> settings, AnalyticsQuery analytics, MetricsSource source,
                                     LiveOptions options) throws Exception {
        TestContext ctx = new TestContext(settings, analytics, source);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        RouteTable routes = new RouteTable();
        List<AutoCloseable> mounted = new ArrayList<>(new Dashboard(ctx, options).mount(routes));
        @SuppressWarnings("removal") // as in argus-http's JettyServer, whose gzip this mirrors: see the note there
        GzipHandler gzip = new GzipHandler(routes);
        server.setHandler(gzip);
        server.start();
        return new WebFixture(ctx, null, server, mounted, connector.getLocalPort());
    }

    public static Map<String, String> settings(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("port", "0");
        m.put("host", "127.0.0.1");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port + pathAndQuery;
    }

    public Resp get(String pathAndQuery, String... headers) {
        return send("GET", pathAndQuery, headers);
    }

    /** One request over a fresh connection (java.base's client: no normalisation of the target). */
    public Resp send(String method, String pathAndQuery, String... headers) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(url(pathAndQuery)).openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(5_000);
            c.setReadTimeout(10_000);
            c.setUseCaches(false);
            for (int i = 0; i < headers.length; i += 2) {
                c.setRequestProperty(headers[i], headers[i + 1]);
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> h = new HashMap<>();
            c.getHeaderFields().forEach((k, v) -> {
                if (k != null && !v.isEmpty()) {
                    h.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0));
                }
            });
            c.disconnect();
            return new Resp(status, h, body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A response: status, headers (names in lower case, first value) and body. */
    public record Resp(int status, Map<String, String> headers, String body) {
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
        }
    }

    /** A raw HTTP/1.0 GET of an exact request target (no client-side normalisation or encoding). */
    public RawResponse raw(String target, String... headerLines) throws IOException {
        return rawTo("127.0.0.1", target, headerLines);
    }

    /** As {@link #raw}, addressed to {@code host} (the Host header) though sent to this server. */
    public RawResponse rawTo(String host, String target, String... headerLines) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder("GET ").append(target).append(" HTTP/1.0\r\nHost: ").append(host)
                    .append("\r\n");
            for (String h : headerLines) {
                req.append(h).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] all = s.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.UTF_8);
            int status = text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
            int split = text.indexOf("\r\n\r\n");
            return new RawResponse(status, split < 0 ? text : text.substring(0, split),
                    split < 0 ? "" : text.substring(split + 4));
        }
    }

    public record RawResponse(int status, String head, String body) {
    }

    /** An SSE client on a raw socket (HTTP/1.0: no chunking, the server closes at the end). */
    public SseClient stream(String target, String... headerLines) throws IOException {
        return new SseClient(port, target, headerLines);
    }

    public static final class SseClient implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        public final int status;
        public final String head;

        SseClient(int port, String target, String... headerLines) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder("GET ").append(target).append(" HTTP/1.0\r\nHost: 127.0.0.1\r\n")
                    .append("Accept: text/event-stream\r\nAccept-Encoding: gzip\r\n");
            for (String h : headerLines) {
                req.append(h).append("\r\n");
            }
            socket.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String statusLine = in.readLine();
            status = Integer.parseInt(statusLine.substring(9, 12));
            StringBuilder h = new StringBuilder(statusLine).append('\n');
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                h.append(line).append('\n');
            }
            head = h.toString();
        }

        /** The next event (its lines without the blank terminator), or null at the end of the stream. */
        public List<String> nextEvent() throws IOException {
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    if (!lines.isEmpty()) {
                        return lines;
                    }
                    continue;
                }
                lines.add(line);
            }
            return lines.isEmpty() ? null : lines;
        }

        /** The next event that carries data (skipping comments and retry hints), or null at the end. */
        public SseEvent nextSnapshot() throws IOException {
            for (List<String> e = nextEvent(); e != null; e = nextEvent()) {
                String id = null;
                String data = null;
                for (String l : e) {
                    if (l.startsWith("id: ")) {
                        id = l.substring(4);
                    } else if (l.startsWith("data: ")) {
                        data = l.substring(6);
                    }
                }
                if (data != null) {
                    return new SseEvent(id, data);
                }
            }
            return null;
        }

        public String rest() throws IOException {
            StringBuilder b = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                b.append(line).append('\n');
            }
            return b.toString();
        }

        public InputStream input() throws IOException {
            return socket.getInputStream();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    public record SseEvent(String id, String data) {
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.close();
        }
        if (harness != null) {
            Dashboard.unmount(mounted);
            harness.stop();
        }
    }

    /** Unmounts the harness' dashboard routes (as an OSGi bundle stop would), leaving the server up. */
    public void unmountDashboard() {
        Dashboard.unmount(mounted);
    }

    /** The server context handed to the web module: a real registry, health, counted errors. */
    public static final class TestContext implements ServerContext {
        final ArgusConfig config;
        final MetricRegistry registry = new MetricRegistry(200, Labels.of("cluster", "test"));
        final Counter interactions;
        final Counter commands;
        final Histogram commandDuration;
        final Counter gatewayEvents;
        final Counter rateLimits;
        private final MetricsSource source;
        private final Optional<AnalyticsQuery> analytics;
        public final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        public final List<Throwable> errorCauses = new CopyOnWriteArrayList<>();
        /** Guild names as core would read them from the bot's JDA cache (id → name); absent: unknown. */
        public final Map<String, String> guildNames = new ConcurrentHashMap<>();
        /** The bot's own metrics on this registry, as {@code argus.instrumentation()} defines them. */
        public final UserMetrics userMetrics = new UserMetrics(registry, "discord");
        /** core's health as the page reads it; a test may put a failing sink here. */
        public final Map<String, Health> health = new ConcurrentHashMap<>();

        TestContext(Map<String, String> settings, AnalyticsQuery analytics, MetricsSource source) {
            this.config = ArgusConfig.resolve(settings, Map.of());
            this.analytics = Optional.ofNullable(analytics);
            interactions = registry.counter("discord_interactions", "Interactions", "type", "status");
            commands = registry.counter("discord_app_commands", "Commands", "command", "status");
            commandDuration = registry.histogram("discord_app_command_duration_seconds", "Command duration", "seconds",
                    new double[] {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}, "command");
            gatewayEvents = registry.counter("discord_gateway_events", "Gateway events", "event");
            rateLimits = registry.counter("discord_ratelimits", "429s", "scope");
            registry.gauge("discord_shards_connected", "up", "", List.of(), out -> out.emit(2));
            registry.gauge("discord_shards_configured", "configured", "", List.of(), out -> out.emit(2));
            registry.gauge("discord_guilds", "guilds", "", List.of(), out -> out.emit(1234));
            registry.gauge("discord_uptime_seconds", "uptime", "seconds", List.of(), out -> out.emit(3725));
            registry.info("discord_bot", "versions", Labels.of("jda_version", "6.5.0", "argus_version", "9.9.9-test"));
            registry.gauge("argus_subsystem_up", "subsystems", "", List.of("subsystem"), out -> {
                out.emit(1, "core");
                out.emit(1, "sink");
            });
            this.source = source == null ? registry : source;
            health.put("core", Health.up("running"));
            health.put("server", Health.up("listening"));
            if (analytics != null) {
                health.put("sink", Health.up("writing to ClickHouse"));
            }
        }

        @Override
        public ArgusConfig config() {
            return config;
        }

        @Override
        public MetricsSource metrics() {
            return source;
        }

        @Override
        public Optional<MetricsFormat> format() {
            return Optional.of(new PrometheusFormat());
        }

        @Override
        public Optional<AnalyticsQuery> analytics() {
            return analytics;
        }

        @Override
        public Map<String, Health> health() {
            return new java.util.LinkedHashMap<>(health);
        }

        @Override
        public void reportError(String hook, Throwable error) {
            errors.computeIfAbsent(hook, k -> new AtomicInteger()).incrementAndGet();
            errorCauses.add(error);
        }

        @Override
        public Optional<String> guildName(String guildId) {
            return Optional.ofNullable(guildNames.get(guildId));
        }

        @Override
        public List<String> customMetrics() {
            return userMetrics.names();
        }

        public int errorCount(String hook) {
            AtomicInteger n = errors.get(hook);
            return n == null ? 0 : n.get();
        }
    }
}
