package argus.core;

import argus.api.config.ArgusConfig;
import argus.api.config.ConfigException;
import argus.api.config.Settings;
import argus.api.health.Health;
import argus.api.instrument.Instrumentation;
import argus.api.metrics.Labels;
import argus.api.metrics.MetricsSource;
import argus.api.query.AnalyticsQuery;
import argus.api.sink.EventSink;
import argus.api.spi.ArgusHttpServer;
import argus.api.spi.CoreServices;
import argus.api.spi.EventSinkProvider;
import argus.api.spi.HttpServerProvider;
import argus.api.spi.MetricsFormat;
import argus.api.spi.PushExporterProvider;
import argus.api.spi.ServerContext;
import argus.core.jda.ArgusEventManager;
import argus.core.jda.BotHooks;
import argus.core.jda.BotMetrics;
import argus.core.jda.BotTarget;
import argus.core.jda.BuilderFields;
import argus.core.jda.CacheGauges;
import argus.core.instrument.UserMetrics;
import argus.core.jvm.JvmMetrics;
import argus.core.jda.ObservingRateLimiter;
import argus.core.registry.MetricRegistry;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.hooks.IEventManager;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * Observability for a JDA bot in one line.
 *
 * <pre>{@code
 * JDA jda = JDABuilder.createDefault(token).build();
 * Argus.attach(jda);                                   // curl localhost:9191/metrics
 *
 * // or, configured, for a sharded bot:
 * Argus argus = Argus.builder(shardManager).clusterId("eu-1").port(9191).start();
 *
 * // optional, at build time: 429s by scope (including the ones JDA retries) and gateway
 * // dispatch counts by type need JDA's RestConfig and raw events, which only a builder can set.
 * JDA jda = Argus.instrument(JDABuilder.createDefault(token)).build();
 * }</pre>
 *
 * Optional modules are found with {@link ServiceLoader}: {@code argus.http} (the HTTP server; {@code argus.web} adds the dashboard to it),
 * {@code argus.exporter.prometheus} (the scrape format), {@code argus.sink.clickhouse} (analytics).
 * An absent module is an absent feature, never an error.
 */
public final class Argus implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Argus.class);
    private static final Duration SINK_DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final BotSet target = new BotSet();
    private final ArgusConfig config;
    private final MetricRegistry registry;
    private final BotHooks hooks;
    private final UserMetrics userMetrics;
    private final SinkSlot sink = new SinkSlot();
    private final ConfigOutcomes configOutcomes = new ConfigOutcomes();
    /** Subsystems that run outside core (the OSGi HTTP runtime) but report through its health. */
    private final Map<String, java.util.function.Supplier<Health>> subsystems = new ConcurrentHashMap<>();
    private final ScheduledExecutorService housekeeping;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile AnalyticsQuery analytics;
    private volatile ArgusHttpServer server;
    private final List<AutoCloseable> pushers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Thread shutdownHook;
    private volatile Runnable stopWatchingShards = () -> { };
    private boolean jvmMetricsOn; // guarded by this
    private final LogRecords logRecords;

    private Argus(ArgusConfig config, ILoggerFactory logBackend) {
        this.config = config;
        this.registry = new MetricRegistry(config.get(Settings.LABEL_CAP),
                Labels.of("cluster", config.get(Settings.CLUSTER_ID)));
        BotMetrics metrics = new BotMetrics(registry, config.get(Settings.NAMESPACE_SETTING));
        this.hooks = new BotHooks(metrics, config.get(Settings.TIMER_CAP), sink, config.get(Settings.CLUSTER_ID));
        this.userMetrics = new UserMetrics(registry, config.get(Settings.NAMESPACE_SETTING), metrics.textCommands);
        this.logRecords = new LogRecords(registry, config.get(Settings.NAMESPACE_SETTING), logBackend);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "argus-housekeeping");
            t.setDaemon(true);
            return t;
        });
    }

    /** Attaches with the configuration from {@code ARGUS_*} environment variables and defaults. */
    public static Argus attach(JDA jda) {
        return builder(jda).start();
    }

    /** Attaches to every shard of a ShardManager, including shards it starts later. */
    public static Argus attach(ShardManager shardManager) {
        return builder(shardManager).start();
    }

    public static ArgusBuilder builder(JDA jda) {
        return new ArgusBuilder(BotTarget.of(jda));
    }

    public static ArgusBuilder builder(ShardManager shardManager) {
        return new ArgusBuilder(BotTarget.of(shardManager));
    }

    /**
     * A builder for an Argus that observes no bot yet: add bots with {@link #observe(JDA)} /
     * {@link #observe(ShardManager)} (several bots in one process, or bots that come and go, as in
     * OSGi). Their metrics share one registry.
     */
    public static ArgusBuilder builder() {
        return new ArgusBuilder(null);
    }

    /**
     * Prepares a JDA builder for what only a builder can give: gateway dispatch counts by type (raw
     * events), 429s by scope including the ones JDA retries (a rate limiter that observes every
     * response), and the session's start (READY, GUILD_CREATE) even when Argus attaches after
     * {@code build()}. It composes with what the builder already has: the bot's RestConfig (base URL
     * of a REST proxy, user agent, custom request builder, rate limiter) and event manager (annotated
     * or custom) stay in place, Argus only wraps them. Call it last, just before {@code build()}: a
     * RestConfig or event manager set after it replaces Argus' wrappers.
     *
     * <p>The raw gateway events it enables are Argus' alone: the bot's listeners do not receive them
     * (a bot that listens for {@code RawGatewayEvent} itself uses
     * {@link #instrument(JDABuilder, boolean) instrument(builder, true)}).
     *
     * @throws IllegalStateException if this JDA version's builder settings cannot be read; the message
     *         gives the manual calls ({@link #restConfig}, {@link #eventManager}) instead
     */
    public static JDABuilder instrument(JDABuilder builder) {
        return instrument(builder, false);
    }

    /**
     * As {@link #instrument(JDABuilder)}; {@code forwardRawEvents} also passes the raw gateway events
     * on to the bot's listeners.
     */
    public static JDABuilder instrument(JDABuilder builder, boolean forwardRawEvents) {
        RestConfig rest = BuilderFields.restConfig(builder);
        IEventManager events = BuilderFields.eventManager(builder);
        return builder.setRawEventsEnabled(true)
                .setEventManager(ArgusEventManager.instrumenting(events, forwardRawEvents))
                .setRestConfig(restConfig(rest == null ? new RestConfig() : rest));
    }

    /** As {@link #instrument(JDABuilder)}, for every shard a ShardManager builds. */
    public static DefaultShardManagerBuilder instrument(DefaultShardManagerBuilder builder) {
        return instrument(builder, false);
    }

    /** As {@link #instrument(JDABuilder, boolean)}, for every shard a ShardManager builds. */
    public static DefaultShardManagerBuilder instrument(DefaultShardManagerBuilder builder, boolean forwardRawEvents) {
        IntFunction<? extends RestConfig> rest = BuilderFields.restConfigProvider(builder);
        IntFunction<? extends IEventManager> events = BuilderFields.eventManagerProvider(builder);
        return builder.setRawEventsEnabled(true)
                .setEventManagerProvider(shard -> ArgusEventManager.instrumenting(
                        events == null ? null : events.apply(shard), forwardRawEvents))
                .setRestConfigProvider(shard -> {
                    RestConfig own = rest == null ? null : rest.apply(shard);
                    return restConfig(own == null ? new RestConfig() : own);
                });
    }

    /**
     * Returns {@code base} with its rate limiter wrapped so Argus sees every 429. Idempotent: a
     * RestConfig wrapped twice counts each 429 once.
     */
    public static RestConfig restConfig(RestConfig base) {
        return ObservingRateLimiter.observe(base);
    }

    /**
     * The event manager {@link #instrument} installs, for bots that set their builder up by hand: it
     * keeps dispatching to {@code existing} (null: JDA's default manager) and lets Argus see every
     * event first, from the session's start. Pair it with {@code builder.setRawEventsEnabled(true)}.
     */
    public static IEventManager eventManager(IEventManager existing) {
        return ArgusEventManager.instrumenting(existing, false);
    }

    /** @param logBackend the SLF4J backend whose records {@code log_metrics} counts (SLF4J's own, but in tests) */
    static Argus start(BotTarget bot, ArgusConfig config, boolean shutdownHook, boolean discoverModules,
                       ILoggerFactory logBackend) {
        warnIfLogsGoNowhere();
        config.warnings().forEach(LOG::warn);
        Argus argus = new Argus(config, logBackend);
        try {
            if (discoverModules) {
                argus.bindSink();
            } else {
                // A container binds the sink after core starts observing: hold events until it does.
                argus.sink.holdWhileUnbound();
            }
            if (bot != null) {
                argus.target.add(bot);
            }
            argus.hookShards();
            CacheGauges.register(argus.registry, config.get(Settings.NAMESPACE_SETTING), argus.target,
                    System.currentTimeMillis());
            SelfMetrics.register(argus.registry, config.get(Settings.NAMESPACE_SETTING), argus::health, argus.sink,
                    argus.hooks::inFlight, argus.configOutcomes);
            argus.jvmMetrics(config.get(Settings.JVM_METRICS));
            argus.logRecords.enable(config.get(Settings.LOG_METRICS));
            if (discoverModules) {
                Optional<MetricsFormat> format = ServiceProviders.first(MetricsFormat.class, argus.registry);
                argus.startServer(format);
                argus.startPushers(format);
            }
            argus.housekeeping.scheduleWithFixedDelay(argus::houseKeep, 30, 30, TimeUnit.SECONDS);
            if (shutdownHook) {
                argus.shutdownHook = new Thread(argus::close, "argus-shutdown");
                Runtime.getRuntime().addShutdownHook(argus.shutdownHook);
            }
        } catch (RuntimeException e) {
            argus.close();
            throw e;
        }
        if (discoverModules) {
            LOG.info("Argus {} observing {} (cluster '{}'): {}; analytics {}", ArgusVersion.get(), argus.target,
                    config.get(Settings.CLUSTER_ID), argus.describeServer(), argus.sink.bound() == null ? "off" : "on");
        } else {
            // A container (OSGi) binds bots, sink and HTTP runtime as they come; each logs itself.
            LOG.info("Argus {} started (cluster '{}'); bots, sink and HTTP are bound by the container",
                    ArgusVersion.get(), config.get(Settings.CLUSTER_ID));
        }
        return argus;
    }

    /**
     * Without an SLF4J provider every Argus line (a busy port, a bad DSN, the sink going down) goes to
     * SLF4J's no-op logger; SLF4J says so once in terms a bot author may not connect with Argus.
     */
    private static void warnIfLogsGoNowhere() {
        if (LoggerFactory.getILoggerFactory().getClass().getName().equals("org.slf4j.helpers.NOPLoggerFactory")) {
            System.err.println("Argus: no SLF4J provider is on the class or module path, so Argus' log (where it "
                    + "listens, a busy port, the analytics sink going down) is discarded. Add one, e.g. "
                    + "org.slf4j:slf4j-simple or ch.qos.logback:logback-classic.");
        }
    }

    private void bindSink() {
        if (!config.analyticsRequested()) {
            if (config.get(Settings.ENABLE_PER_GUILD)) {
                LOG.info("Per-guild analytics off: enable_per_guild is true but clickhouse_dsn is not set "
                        + "(set ARGUS_CLICKHOUSE_DSN=http://user:pass@host:8123)");
            } else if (config.isSet(Settings.CLICKHOUSE_DSN)) {
                LOG.info("Per-guild analytics off: clickhouse_dsn is set but enable_per_guild is false "
                        + "(set ARGUS_ENABLE_PER_GUILD=true)");
            } else {
                LOG.info("Per-guild analytics off (default): set enable_per_guild=true and clickhouse_dsn to enable");
            }
            return;
        }
        List<EventSinkProvider> providers = ServiceProviders.load(EventSinkProvider.class, registry).stream()
                .sorted(Comparator.comparingInt(EventSinkProvider::priority).reversed())
                .toList();
        for (EventSinkProvider p : providers) {
            Optional<EventSink> opened = p.open(config); // ConfigException propagates: bad DSN fails start
            if (opened.isPresent() && opened.get().enabled()) {
                sink.swap(opened.get());
                analytics = p.openQuery(config).orElse(null);
                if (!config.isSet(Settings.DASHBOARD_AUTH_TOKEN)) {
                    LOG.warn("Per-guild analytics is on but dashboard_auth_token is not set: the analytics API "
                            + "answers 403 until you set ARGUS_DASHBOARD_AUTH_TOKEN (per-guild data is sensitive)");
                }
                return;
            }
            opened.ifPresent(s -> s.close(Duration.ZERO));
        }
        LOG.warn("Per-guild analytics requested but no analytics sink module is present: add argus-sink-clickhouse "
                + "to the module path (events are not recorded)");
    }

    /**
     * Starts observing one more bot (its shards now and, for a ShardManager, the ones it starts
     * later). Closing the result stops observing it and leaves the others and every counter alone.
     */
    public AutoCloseable observe(JDA jda) {
        return observe(BotTarget.of(jda));
    }

    /** As {@link #observe(JDA)}, for every shard of a ShardManager. */
    public AutoCloseable observe(ShardManager shardManager) {
        return observe(BotTarget.of(shardManager));
    }

    private AutoCloseable observe(BotTarget bot) {
        if (closed.get()) {
            throw new IllegalStateException("Argus is closed");
        }
        Runnable remove = target.add(bot);
        for (JDA jda : bot.shards()) {
            hookAtAttach(jda);
        }
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                remove.run();
                try {
                    bot.shards().forEach(this::unhook);
                } catch (RuntimeException e) {
                    registry.recordError("unhook", e);
                }
            }
        };
    }

    /**
     * Replaces the analytics sink and returns the one it replaced, for containers that manage sinks
     * themselves (OSGi binds the highest-ranked EventSink service). The caller owns both sinks'
     * lifecycles: close the returned one to drain it. Null turns analytics off, except in a container
     * ({@code discoverModules(false)}): there it means "between sinks", and events are held (bounded)
     * for the next sink swapped in.
     */
    public EventSink swapSink(EventSink next) {
        return sink.swap(next);
    }

    /** This Argus' registry, health and error counter, for an HTTP runtime hosted elsewhere (OSGi). */
    public CoreServices services() {
        return services;
    }

    private final CoreServices services = new CoreServices() {
        @Override
        public MetricsSource metrics() {
            return registry;
        }

        @Override
        public String clusterId() {
            return config.get(Settings.CLUSTER_ID);
        }

        @Override
        public Map<String, Health> health() {
            return Argus.this.health();
        }

        @Override
        public void reportError(String hook, Throwable error) {
            registry.recordError(hook, error);
        }

        @Override
        public AutoCloseable subsystem(String name, java.util.function.Supplier<Health> health) {
            subsystems.put(name, health);
            return () -> subsystems.remove(name, health);
        }

        @Override
        public void configuration(String pid, ConfigException rejected) {
            configOutcomes.report(pid, rejected);
        }

        @Override
        public AutoCloseable observeInteractions(argus.api.spi.InteractionObserver observer) {
            synchronized (hooks) {
                hooks.observer(observer);
            }
            return () -> {
                synchronized (hooks) { // removes only its own: a later observer stays
                    if (hooks.observer() == observer) {
                        hooks.observer(null);
                    }
                }
            };
        }

        @Override
        public List<String> customMetrics() {
            return userMetrics.names();
        }

        @Override
        public Optional<String> guildName(String guildId) {
            try {
                return GuildNames.of(target.shards(), guildId);
            } catch (RuntimeException e) { // fail open: the page shows the id
                registry.recordError("guild_name", e);
                return Optional.empty();
            }
        }
    };

    /**
     * Applies a new configuration while the bot runs, keeping every counter, histogram and in-flight
     * timer. {@code label_cap} applies at once (to label values seen from now on). {@code timer_cap}
     * applies at once too: every in-flight timer is kept, and a cap below the number in flight evicts
     * the oldest, counted in {@code argus_timers_evicted_total{reason="capacity"}}. Keys that are part of
     * a series' identity ({@code namespace}, {@code cluster_id}) are not changed under running series:
     * Argus keeps running with the values it started with and reports "restart needed" in
     * {@code /healthz} until a restart or until they are set back. {@code jvm_metrics} adds or removes
     * the JVM and process series at once; {@code log_metrics} starts or stops counting log records (what
     * was counted stays). Keys of other parts (port, sink, dashboard) are ignored here.
     */
    public void reconfigure(ArgusConfig next) {
        registry.labelCap(next.get(Settings.LABEL_CAP));
        hooks.timerCap(next.get(Settings.TIMER_CAP));
        jvmMetrics(next.get(Settings.JVM_METRICS));
        logRecords.enable(next.get(Settings.LOG_METRICS));
        List<String> waiting = new ArrayList<>();
        for (var key : List.of(Settings.NAMESPACE_SETTING, Settings.CLUSTER_ID)) {
            Object running = config.get(key);
            Object wanted = next.get(key);
            if (!running.equals(wanted)) {
                waiting.add(key.key() + "=" + key.display(wanted) + " (running with " + key.display(running) + ")");
            }
        }
        configOutcomes.restartNeeded("core", waiting.isEmpty() ? null
                : "restart needed to apply " + String.join(", ", waiting)
                + "; nothing counted so far is reset meanwhile");
    }

    /** Adds or removes the JVM and process families; they are read live, so nothing is lost either way. */
    private synchronized void jvmMetrics(boolean on) {
        if (on != jvmMetricsOn) {
            if (on) {
                JvmMetrics.register(registry);
            } else {
                JvmMetrics.remove(registry);
            }
            jvmMetricsOn = on;
        }
    }

    private void hookShards() {
        for (JDA jda : target.shards()) {
            hookAtAttach(jda);
        }
        // A restarted shard is a new JDA with a fresh event manager; its first event hooks it.
        net.dv8tion.jda.api.hooks.EventListener watcher = event -> {
            JDA jda = event.getJDA();
            if (!closed.get() && !isHooked(jda)) {
                try {
                    hook(jda);
                } catch (RuntimeException e) {
                    registry.recordError("hook_shard", e);
                }
            }
        };
        stopWatchingShards = target.watchNewShards(watcher);
    }

    private boolean isHooked(JDA jda) {
        return jda.getEventManager() instanceof ArgusEventManager m && m.boundHooks() == hooks;
    }

    private ArgusEventManager hook(JDA jda) {
        ArgusEventManager manager = ArgusEventManager.around(jda.getEventManager());
        manager.bind(hooks);
        if (jda.getEventManager() != manager) {
            jda.setEventManager(manager);
        }
        ObservingRateLimiter.bind(jda, hooks);
        return manager;
    }

    /**
     * Hooks a shard the bot handed over (attach, observe). A shard built with {@link #instrument} has
     * tallied its start and hands it over on bind; one built without it that is already connected had
     * its READY before Argus could see it, and counts it now, so the session count never depends on
     * the order of {@code build()} and {@code attach}.
     */
    private void hookAtAttach(JDA jda) {
        ArgusEventManager manager = hook(jda);
        if (!manager.sawSessionStart() && jda.getStatus() == JDA.Status.CONNECTED) {
            hooks.sessionStartedBeforeAttach(jda);
        }
    }

    private void unhook(JDA jda) {
        if (jda.getEventManager() instanceof ArgusEventManager m && m.boundHooks() == hooks) {
            m.bind(null);
        }
        ObservingRateLimiter.unbind(jda, hooks);
    }

    private void houseKeep() {
        houseKeep(System.currentTimeMillis());
    }

    /** One housekeeping pass as of {@code nowMillis}; package-private so tests can move the clock forward. */
    void houseKeep(long nowMillis) {
        try {
            hooks.expire(nowMillis);
            // Backstop for the shard watcher: a shard that has not dispatched anything yet.
            for (JDA jda : target.shards()) {
                if (!isHooked(jda)) {
                    hook(jda);
                }
            }
        } catch (Throwable t) {
            registry.recordError("housekeeping", t);
        }
    }

    private void startServer(Optional<MetricsFormat> format) {
        Optional<HttpServerProvider> provider = ServiceProviders.first(HttpServerProvider.class, registry);
        if (provider.isEmpty()) {
            LOG.info("argus-http is not present: no HTTP endpoint (metrics are still collected)");
            return;
        }
        if (format.isEmpty()) {
            LOG.info("no metrics format is loaded (argus-exporter-prometheus): {} is not served",
                    config.get(Settings.METRICS_PATH));
        }
        server = provider.get().start(ServerContext.of(config, services, () -> format,
                () -> Optional.ofNullable(analytics)));
    }

    /** Push exporters (Pushgateway) run whether or not there is an HTTP server: hosts with no inbound port use them. */
    private void startPushers(Optional<MetricsFormat> format) {
        ServerContext context = ServerContext.of(config, services, () -> format, () -> Optional.ofNullable(analytics));
        for (PushExporterProvider provider : ServiceProviders.load(PushExporterProvider.class, registry)) {
            try {
                provider.start(context).ifPresent(pushers::add); // ConfigException propagates: a bad URL fails start
            } catch (LinkageError e) {
                // A dependency at another version than the module was built with: leave that push path out.
                registry.countError(ServiceProviders.HOOK);
                LOG.warn("Argus left out the push exporter {}, which could not start ({}); the bot and the rest of "
                        + "Argus are unaffected. One of its dependencies is missing or at another version than the "
                        + "one it was built with", provider.getClass().getName(), e.toString());
            }
        }
    }

    private String describeServer() {
        ArgusHttpServer s = server;
        if (s == null) {
            return "no HTTP server";
        }
        return s.port() < 0 ? "HTTP server down (" + s.health().detail() + ")"
                : "http://" + config.get(Settings.HOST_SETTING) + ":" + s.port() + config.get(Settings.METRICS_PATH);
    }

    /** Health of every subsystem, read live. */
    public Map<String, Health> health() {
        Map<String, Health> out = new LinkedHashMap<>();
        out.put("core", closed.get() ? Health.down("closed") : Health.up("observing " + target));
        ArgusHttpServer s = server;
        if (s != null) {
            out.put("server", safeHealth(s::health));
        }
        EventSink es = sink.bound();
        if (es != null) {
            out.put("sink", safeHealth(es::health));
        }
        subsystems.forEach((name, h) -> out.putIfAbsent(name, safeHealth(h)));
        configOutcomes.health(out);
        return out;
    }

    private Health safeHealth(java.util.function.Supplier<Health> h) {
        try {
            return h.get();
        } catch (RuntimeException e) {
            registry.recordError("health", e);
            return Health.down("health check failed: " + e.getClass().getSimpleName());
        }
    }

    /** The metric registry; bots may define their own metrics in it (ids as labels are refused). */
    public MetricRegistry registry() {
        return registry;
    }

    /**
     * Times and counts the bot's own code into this Argus' registry, served on the same endpoint and
     * shown in the dashboard's "custom" section.
     *
     * <pre>{@code
     * try (var t = argus.instrumentation().timer("db_query")) {   // discord_db_query_seconds
     *     rows = db.query(sql);
     * }
     * }</pre>
     */
    public Instrumentation instrumentation() {
        return userMetrics;
    }

    public ArgusConfig config() {
        return config;
    }

    /** The HTTP port actually bound, or -1 when there is no server or it could not bind. */
    public int port() {
        ArgusHttpServer s = server;
        return s == null ? -1 : s.port();
    }

    /** The analytics sink in use, if analytics is on. */
    public Optional<EventSink> sink() {
        return Optional.ofNullable(sink.bound());
    }

    /**
     * Marks an interaction as completed now, for bots whose work ends after (or without) the
     * response Argus can see. Returns false if it was already resolved.
     */
    public boolean complete(Interaction interaction) {
        return hooks.complete(interaction);
    }

    /** Marks an application command as failed with {@code error}'s type. */
    public boolean fail(Interaction interaction, Throwable error) {
        return hooks.fail(interaction, error);
    }

    /** Stops observing, stops the server and drains the analytics sink. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        housekeeping.shutdownNow();
        logRecords.enable(false); // out of the logging backend: a later Argus counts alone
        try {
            stopWatchingShards.run();
            target.shards().forEach(this::unhook);
        } catch (RuntimeException e) {
            LOG.debug("Could not unhook every shard", e);
        }
        for (AutoCloseable pusher : pushers) {
            try {
                pusher.close(); // a last push, then the receiver forgets this process
            } catch (Exception e) {
                LOG.debug("Could not stop a push exporter", e);
            }
        }
        ArgusHttpServer s = server;
        if (s != null) {
            s.close();
        }
        sink.stopHolding();
        EventSink es = sink.swap(null);
        if (es != null) {
            es.close(SINK_DRAIN_TIMEOUT);
        }
        Thread hook = shutdownHook;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        LOG.info("Argus stopped");
    }
}
