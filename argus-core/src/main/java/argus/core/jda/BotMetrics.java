package argus.core.jda;

import argus.core.registry.Counter;
import argus.core.registry.Histogram;
import argus.core.registry.MetricRegistry;

/**
 * The event-driven part of the metric catalogue (DESIGN.md §3), defined once. Names take the
 * configured namespace; {@code argus_*} self-metrics never do. Scrape-time gauges live in
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
    final Histogram ackLatency;
    final Counter gatewayEvents;
    final Counter shardEvents;
    final Counter restRequests;
    final Histogram restDuration;
    final Counter rateLimits;
    final Counter timersEvicted;

    public BotMetrics(MetricRegistry registry, String namespace) {
        this.registry = registry;
        String ns = namespace.isEmpty() ? "" : namespace + "_";
        interactions = registry.counter(ns + "interactions",
                "Interactions received, by type and how their acknowledgement ended", "type", "status");
        commands = registry.counter(ns + "app_commands",
                "Application commands (slash and context menu) completed, by command and outcome", "command", "outcome");
        commandErrors = registry.counter(ns + "command_errors",
                "Errors seen while handling application commands, by command and error type", "command", "error_type");
        commandDuration = registry.histogram(ns + "app_command_duration_seconds",
                "Application command duration from interaction receipt to completion", "seconds", COMMAND_BUCKETS,
                "command");
        ackLatency = registry.histogram(ns + "interaction_ack_latency_seconds",
                "Interaction receipt to initial response (Discord's deadline is 3 seconds)", "seconds", ACK_BUCKETS,
                "type");
        gatewayEvents = registry.counter(ns + "gateway_events",
                "Gateway dispatch events received, by dispatch type (needs raw events, see Argus.instrument)", "type");
        shardEvents = registry.counter(ns + "shard_sessions",
                "Shard session lifecycle events: ready, disconnect, resume, reconnect, invalidate", "event");
        restRequests = registry.counter(ns + "rest_requests",
                "REST requests completed, by method, route template and status class", "method", "route", "status");
        restDuration = registry.histogram(ns + "rest_request_duration_seconds",
                "REST request latency (request sent to response received)", "seconds", REST_BUCKETS, "route");
        rateLimits = registry.counter(ns + "rest_ratelimits",
                "HTTP 429 responses by scope (bucket, global, shared, unknown), including those JDA retried", "scope");
        timersEvicted = registry.counter("argus_timers_evicted",
                "Interactions whose timing was abandoned: 'capacity' (timer_cap reached) or 'expired' (15 min)",
                "reason");
    }
}
