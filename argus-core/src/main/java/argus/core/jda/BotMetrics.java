package argus.core.jda;

import argus.core.Catalogue;
import argus.core.Catalogue.Metric;
import argus.core.registry.CallbackFamily;
import argus.core.registry.Counter;
import argus.core.registry.Histogram;
import argus.core.registry.MetricRegistry;

import java.util.List;

/**
 * The event-driven part of the metric catalogue: names, labels and help come from {@link Catalogue}
 * (the one place they are defined), the buckets and the registered instruments live here. Names take
 * the configured namespace; {@code argus_*} self-metrics never do. Scrape-time gauges live in
 * {@link CacheGauges}.
 */
public final class BotMetrics {
    /** Application-command duration: up to 15 minutes, the life of an interaction token. */
    static final double[] COMMAND_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900};
    /** Acknowledgement latency, dense around Discord's 3-second deadline. */
    static final double[] ACK_BUCKETS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 5};
    static final double[] REST_BUCKETS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    final MetricRegistry registry;
    final Counter interactions;
    final Counter commands;
    final Counter commandErrors;
    final Histogram commandDuration;
    /** Prefix commands the bot declares (Instrumentation.command), sharing {@link #commandErrors}. */
    public final TextCommands textCommands;
    final Histogram ackLatency;
    final Counter gatewayEvents;
    final Counter shardEvents;
    final Counter shardDisconnects;
    final Counter shardReconnects;
    final Counter restRequests;
    final Histogram restDuration;
    final Counter rateLimits;
    final Counter timersEvicted;
    /**
     * Global application commands as of the bot's last list or bulk overwrite of them (-1: not seen
     * yet). JDA keeps no command cache, and asking Discord at scrape time would be I/O; the answer to
     * the bot's own request is already parsed when Argus sees it.
     */
    volatile int registeredCommands = -1;

    public BotMetrics(MetricRegistry registry, String namespace) {
        this.registry = registry;
        interactions = counter(registry, Catalogue.INTERACTIONS, namespace);
        commands = counter(registry, Catalogue.APP_COMMANDS, namespace);
        commandErrors = counter(registry, Catalogue.COMMAND_ERRORS, namespace);
        commandDuration = histogram(registry, Catalogue.APP_COMMAND_DURATION, namespace, COMMAND_BUCKETS);
        textCommands = new TextCommands(counter(registry, Catalogue.COMMANDS, namespace),
                histogram(registry, Catalogue.COMMAND_DURATION, namespace, COMMAND_BUCKETS), commandErrors);
        ackLatency = histogram(registry, Catalogue.ACK_LATENCY, namespace, ACK_BUCKETS);
        gatewayEvents = counter(registry, Catalogue.GATEWAY_EVENTS, namespace);
        shardEvents = counter(registry, Catalogue.SHARD_SESSIONS, namespace);
        shardDisconnects = counter(registry, Catalogue.SHARD_DISCONNECTS, namespace);
        shardReconnects = counter(registry, Catalogue.SHARD_RECONNECTS, namespace);
        restRequests = counter(registry, Catalogue.REST_REQUESTS, namespace);
        restDuration = histogram(registry, Catalogue.REST_DURATION, namespace, REST_BUCKETS);
        rateLimits = counter(registry, Catalogue.RATELIMITS, namespace);
        timersEvicted = counter(registry, Catalogue.TIMERS_EVICTED, namespace);
        Metric registered = Catalogue.APP_COMMANDS_REGISTERED;
        gauge(registry, registered, namespace, out -> {
            int n = registeredCommands;
            if (n >= 0) {
                out.emit(n);
            }
        });
    }

    static Counter counter(MetricRegistry registry, Metric m, String namespace) {
        return registry.counter(m.name(namespace), m.help(), m.labelArray());
    }

    static Histogram histogram(MetricRegistry registry, Metric m, String namespace, double[] buckets) {
        return registry.histogram(m.name(namespace), m.help(), m.unit(), buckets, m.labelArray());
    }

    /** A scrape-time gauge of the catalogue (CacheGauges, SelfMetrics). */
    public static void gauge(MetricRegistry registry, Metric m, String namespace,
                             CallbackFamily.Collector collector) {
        registry.gauge(m.name(namespace), m.help(), m.unit(), List.copyOf(m.labels()), collector);
    }
}
