package argus.core;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The metric catalogue, defined once: every name, type, label and help text Argus exposes.
 * {@code BotMetrics}, {@code CacheGauges} and {@code SelfMetrics} register from these constants,
 * the README's metric table is checked against {@link #all()} by a test, and so are the shipped
 * Grafana dashboards and Prometheus rules.
 *
 * <p>Names and label names follow argus-dpy (the Python tool for discord.py bots) wherever the
 * meaning is the same, so that one Grafana and one rule file serve a fleet mixing both; what only a
 * JDA bot can measure keeps its own name. {@link Metric#argusDpy()} says which is which.
 *
 * <p>Names here are base names, without the suffixes the exposition formats add ({@code _total},
 * {@code _info}, {@code _bucket}...). Bot metrics take the configured namespace (default
 * {@code discord}); {@code argus_*} self-metrics never do.
 */
public final class Catalogue {
    /** The namespace bot metrics take unless configured otherwise. */
    public static final String DEFAULT_NAMESPACE = "discord";

    public enum Type {
        COUNTER, GAUGE, HISTOGRAM, INFO;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One metric family.
     *
     * @param base       base name; bot metrics without their namespace
     * @param namespaced whether the configured namespace prefixes the name
     * @param unit       OpenMetrics unit ("" for none)
     * @param argusDpy   how argus-dpy exposes the same thing: "same", "same; Java adds `label`", or
     *                   "Java only" (README's compatibility column)
     */
    public record Metric(String base, boolean namespaced, Type type, String unit, List<String> labels, String help,
                         String argusDpy) {
        /** The family name under a namespace ("" for none). */
        public String name(String namespace) {
            if (!namespaced) {
                return base;
            }
            return namespace.isEmpty() ? base : namespace + "_" + base;
        }

        /** The family name under the default namespace, as the README, dashboards and rules use it. */
        public String name() {
            return name(DEFAULT_NAMESPACE);
        }

        /** The name Prometheus stores the main sample under (counters {@code _total}, info {@code _info}). */
        public String exposedName() {
            return switch (type) {
                case COUNTER -> name() + "_total";
                case INFO -> name() + "_info";
                default -> name();
            };
        }

        /** Every series name Prometheus stores for this family (histograms: bucket, count, sum). */
        public List<String> seriesNames() {
            return type == Type.HISTOGRAM
                    ? List.of(name() + "_bucket", name() + "_count", name() + "_sum")
                    : List.of(exposedName());
        }

        public String[] labelArray() {
            return labels.toArray(String[]::new);
        }
    }

    private static final String SAME = "same";
    private static final String JAVA_ONLY = "Java only";

    // --- Interactions and application commands (event-driven, BotMetrics) ---
    public static final Metric INTERACTIONS = bot("interactions", Type.COUNTER, "",
            "Interactions received, by type and how their acknowledgement ended", SAME, "type", "status");
    public static final Metric APP_COMMANDS = bot("app_commands", Type.COUNTER, "",
            "Application commands (slash and context menu) completed, by command and status (success, error)", SAME,
            "command", "status");
    public static final Metric COMMAND_ERRORS = bot("command_errors", Type.COUNTER, "",
            "Errors seen while handling application or prefix commands, by command and error type", SAME,
            "command", "error_type");
    public static final Metric APP_COMMAND_DURATION = bot("app_command_duration_seconds", Type.HISTOGRAM, "seconds",
            "Application command duration from interaction receipt to completion", SAME, "command");
    public static final Metric ACK_LATENCY = bot("interaction_ack_latency_seconds", Type.HISTOGRAM, "seconds",
            "Interaction receipt to initial response (Discord's deadline is 3 seconds)", JAVA_ONLY, "type");
    public static final Metric APP_COMMANDS_REGISTERED = bot("app_commands_registered", Type.GAUGE, "",
            "Global application commands registered, as of the bot's last list or overwrite of them", SAME);

    // --- Prefix (text) commands: the bot declares them through Instrumentation.command (TextCommands) ---
    public static final Metric COMMANDS = bot("commands", Type.COUNTER, "",
            "Prefix (text) commands the bot ran through Argus, by command and status (success, error)", SAME,
            "command", "status");
    public static final Metric COMMAND_DURATION = bot("command_duration_seconds", Type.HISTOGRAM, "seconds",
            "Prefix (text) command duration, as the bot's handler ran it", SAME, "command");

    // --- Gateway and shards ---
    public static final Metric GATEWAY_EVENTS = bot("gateway_events", Type.COUNTER, "",
            "Gateway dispatch events received, by dispatch type (needs raw events, see Argus.instrument)", SAME,
            "event");
    public static final Metric SHARD_DISCONNECTS = bot("shard_disconnects", Type.COUNTER, "",
            "Gateway sessions lost, per shard", SAME, "shard");
    public static final Metric SHARD_RECONNECTS = bot("shard_reconnects", Type.COUNTER, "",
            "Gateway sessions restored after a disconnect (resumed or recreated), per shard", SAME, "shard");
    public static final Metric SHARD_SESSIONS = bot("shard_sessions", Type.COUNTER, "",
            "Shard session lifecycle events: ready, disconnect, resume, reconnect, invalidate", JAVA_ONLY, "event");
    public static final Metric SHARD_LATENCY = bot("shard_latency_seconds", Type.GAUGE, "seconds",
            "Gateway heartbeat round trip per shard", SAME, "shard");
    public static final Metric SHARD_UP = bot("shard_up", Type.GAUGE, "",
            "1 when the shard's gateway session is connected", SAME, "shard");
    public static final Metric SHARD_WS_RATELIMITED = bot("shard_ws_ratelimited", Type.GAUGE, "",
            "1 while the shard's gateway holds messages back under Discord's send limit (120 a minute)", SAME,
            "shard");
    public static final Metric SHARDS_CONNECTED = bot("shards_connected", Type.GAUGE, "",
            "Shards whose gateway session is connected", SAME);
    public static final Metric SHARDS_CONFIGURED = bot("shards_configured", Type.GAUGE, "",
            "Shards the bot is configured to run", SAME);

    // --- REST ---
    public static final Metric REST_REQUESTS = bot("rest_requests", Type.COUNTER, "",
            "REST requests completed, by method, route template and status class", JAVA_ONLY,
            "method", "route", "status");
    public static final Metric REST_DURATION = bot("rest_request_duration_seconds", Type.HISTOGRAM, "seconds",
            "REST request latency (request sent to response received)", JAVA_ONLY, "route");
    public static final Metric RATELIMITS = bot("ratelimits", Type.COUNTER, "",
            "HTTP 429 responses by scope (bucket, global, shared, unknown), including those JDA retried",
            "same; Java adds `scope`", "scope");

    // --- Caches (scrape-time gauges, CacheGauges) ---
    public static final Metric GUILDS = bot("guilds", Type.GAUGE, "", "Guilds in JDA's cache", SAME);
    public static final Metric CACHED_USERS = bot("cached_users", Type.GAUGE, "",
            "Users in JDA's user caches (summed over shards)", SAME);
    public static final Metric EMOJIS = bot("emojis", Type.GAUGE, "", "Custom emojis in cached guilds", SAME);
    public static final Metric STICKERS = bot("stickers", Type.GAUGE, "", "Stickers in cached guilds", SAME);
    public static final Metric VOICE_CLIENTS = bot("voice_clients", Type.GAUGE, "",
            "Connected audio (voice) sessions", SAME);
    public static final Metric PRIVATE_CHANNELS = bot("private_channels", Type.GAUGE, "",
            "Private (DM) channels in JDA's cache", SAME);
    public static final Metric UPTIME = bot("uptime_seconds", Type.GAUGE, "seconds",
            "Seconds since Argus attached to the bot", SAME);
    public static final Metric BOT_INFO = bot("bot", Type.INFO, "",
            "The bot's JDA version and the Argus version observing it", "same name; labels differ",
            "jda_version", "argus_version");

    // --- Logging (LogRecords: where the bot's SLF4J backend is Logback) ---
    public static final Metric LOG_RECORDS = bot("log_records", Type.COUNTER, "",
            "Log records at or above their logger's level, by logger and level (needs Logback as the SLF4J backend)",
            SAME, "logger", "level");

    // --- Argus itself (never namespaced) ---
    public static final Metric UP = self("argus_up", Type.GAUGE, "1 while Argus is running", SAME);
    public static final Metric SUBSYSTEM_UP = self("argus_subsystem_up", Type.GAUGE,
            "1 when an Argus subsystem (server, sink, ...) works", SAME, "subsystem");
    public static final Metric CONFIG_REJECTED = self("argus_config_rejected", Type.GAUGE,
            "1 while the last configuration update of a PID was rejected (it runs on its previous one)", JAVA_ONLY,
            "pid");
    public static final Metric INSTRUMENTATION_ERRORS = self("argus_instrumentation_errors", Type.COUNTER,
            "Errors caught inside Argus' own hooks, callbacks and background tasks (never thrown into the bot)", SAME,
            "hook");
    public static final Metric LABEL_OVERFLOW = self("argus_label_overflow", Type.COUNTER,
            "Observations whose label value was replaced by 'other' (label cap reached or id-like value)", JAVA_ONLY,
            "metric");
    public static final Metric TIMERS_IN_FLIGHT = self("argus_timers_in_flight", Type.GAUGE,
            "Interactions awaiting completion (bounded by timer_cap)", JAVA_ONLY);
    public static final Metric TIMERS_EVICTED = self("argus_timers_evicted", Type.COUNTER,
            "Interactions whose timing was abandoned: 'capacity' (timer_cap reached) or 'expired' (15 min)",
            "same; Java adds `reason`", "reason");
    // Sink accounting: offered = accepted + dropped; accepted = written + failed + pending.
    public static final Metric HISTORY_OFFERED = self("argus_history_events_offered", Type.COUNTER,
            "Analytics events handed to the sink", JAVA_ONLY);
    public static final Metric HISTORY_ACCEPTED = self("argus_history_events_accepted", Type.COUNTER,
            "Analytics events queued by the sink", JAVA_ONLY);
    public static final Metric HISTORY_DROPPED = self("argus_history_events_dropped", Type.COUNTER,
            "Analytics events dropped because the sink's queue was full or closed (never blocks the bot)", SAME);
    public static final Metric HISTORY_WRITTEN = self("argus_history_events_written", Type.COUNTER,
            "Analytics events written to the store", JAVA_ONLY);
    public static final Metric HISTORY_FAILED = self("argus_history_events_failed", Type.COUNTER,
            "Accepted analytics events given up on (store errors, or not drained at close)", JAVA_ONLY);
    public static final Metric HISTORY_PENDING = self("argus_history_events_pending", Type.GAUGE,
            "Accepted analytics events not yet written", JAVA_ONLY);

    private static final List<Metric> ALL = List.of(
            INTERACTIONS, APP_COMMANDS, COMMAND_ERRORS, APP_COMMAND_DURATION, ACK_LATENCY, APP_COMMANDS_REGISTERED,
            COMMANDS, COMMAND_DURATION,
            GATEWAY_EVENTS, SHARD_DISCONNECTS, SHARD_RECONNECTS, SHARD_SESSIONS, SHARD_LATENCY, SHARD_UP,
            SHARD_WS_RATELIMITED, SHARDS_CONNECTED, SHARDS_CONFIGURED,
            REST_REQUESTS, REST_DURATION, RATELIMITS,
            GUILDS, CACHED_USERS, EMOJIS, STICKERS, VOICE_CLIENTS, PRIVATE_CHANNELS, UPTIME, BOT_INFO,
            LOG_RECORDS,
            UP, SUBSYSTEM_UP, CONFIG_REJECTED, INSTRUMENTATION_ERRORS, LABEL_OVERFLOW, TIMERS_IN_FLIGHT,
            TIMERS_EVICTED, HISTORY_OFFERED, HISTORY_ACCEPTED, HISTORY_DROPPED, HISTORY_WRITTEN, HISTORY_FAILED,
            HISTORY_PENDING);

    private Catalogue() {
    }

    /** Every catalogued family, in README order. */
    public static List<Metric> all() {
        return ALL;
    }

    /** The family stored under a Prometheus series name (e.g. {@code discord_interactions_total}). */
    public static Optional<Metric> bySeriesName(String series) {
        return ALL.stream().filter(m -> m.seriesNames().contains(series)).findFirst();
    }

    /** Every series name Prometheus stores for the catalogue under the default namespace. */
    public static Stream<String> seriesNames() {
        return ALL.stream().flatMap(m -> m.seriesNames().stream());
    }

    private static Metric bot(String base, Type type, String unit, String help, String dpy, String... labels) {
        return new Metric(base, true, type, unit, List.of(labels), help, dpy);
    }

    private static Metric self(String name, Type type, String help, String dpy, String... labels) {
        return new Metric(name, false, type, "", List.of(labels), help, dpy);
    }
}
