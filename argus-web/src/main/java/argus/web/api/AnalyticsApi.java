package argus.web.api;

import argus.api.query.AnalyticsQuery;
import argus.api.query.CommandCount;
import argus.api.query.CommandStats;
import argus.api.query.DailyVolume;
import argus.api.query.GuildCount;
import argus.api.query.HourlyVolume;
import argus.http.RouteTable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The per-guild analytics views under {@code /api/analytics/}, each an independent route, mounted
 * only while an {@link AnalyticsQuery} is available. Shapes follow argus-dpy: {@code {"rows": [[...]]}}
 * with positional rows (plus {@code columns} naming them; extra columns are appended, never
 * inserted) and {@code {"avg_ms": n}}.
 *
 * <p>Guild names come from the bot's JDA cache at request time ({@code names}: core's
 * {@code guildName}), never from the store: {@code top-guilds} appends a {@code guild_name} column and
 * {@code guild-name} answers one guild's. They are per-guild data, so they sit behind the same token.
 *
 * <pre>{@code
 * List<AutoCloseable> routes = new AnalyticsApi(query, access, context::reportError, context::guildName)
 *         .mount(routeTable);
 * }</pre>
 */
public final class AnalyticsApi {
    public static final String PREFIX = "/api/analytics/";
    /** Analytics queries running at once; more get 503 so a slow store cannot starve /metrics of threads. */
    static final int MAX_IN_FLIGHT = 4;

    private static final Set<String> VOLUME = Set.of("guild_id", "days", "bucket", "cluster_id", "token");
    private static final Set<String> GUILD_LIMIT = Set.of("guild_id", "limit", "cluster_id", "token");
    private static final Set<String> GUILD_ONLY = Set.of("guild_id", "cluster_id", "token");
    private static final Set<String> DAYS_LIMIT = Set.of("days", "limit", "cluster_id", "token");
    private static final Set<String> GUILD_ONLY_NO_CLUSTER = Set.of("guild_id", "token");

    private final AnalyticsQuery query;
    private final AccessPolicy access;
    private final BiConsumer<String, Throwable> errors;
    private final Function<String, Optional<String>> names;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    /** @param names a guild's name from the bot's cache (no I/O), empty when unknown */
    public AnalyticsApi(AnalyticsQuery query, AccessPolicy access, BiConsumer<String, Throwable> errors,
                        Function<String, Optional<String>> names) {
        this.query = query;
        this.access = access;
        this.errors = errors;
        this.names = names;
    }

    /** Mounts every view; closing the returned routes unmounts them. */
    public List<AutoCloseable> mount(RouteTable routes) {
        List<AutoCloseable> mounted = new ArrayList<>();
        mounted.add(route(routes, "interaction-volume", VOLUME, true, this::volume));
        mounted.add(route(routes, "top-commands", GUILD_LIMIT, true, q -> rows(
                List.of("command", "count"),
                map(query.topCommands(q.guild(), q.limit(), q.clusterId()),
                        (CommandCount c) -> row(c.command(), c.count())))));
        mounted.add(route(routes, "command-stats", GUILD_LIMIT, true, q -> rows(
                List.of("command", "count", "avg_ms", "p50_ms", "p95_ms", "p99_ms", "error_rate"),
                map(query.commandStats(q.guild(), q.limit(), q.clusterId()),
                        (CommandStats c) -> row(c.command(), c.count(), num(c.avgMs()), num(c.p50Ms()),
                                num(c.p95Ms()), num(c.p99Ms()), num(c.errorRate()))))));
        mounted.add(route(routes, "percentiles", GUILD_LIMIT, true, q -> rows(
                List.of("command", "p50_ms", "p95_ms", "p99_ms"),
                map(query.commandStats(q.guild(), q.limit(), q.clusterId()),
                        (CommandStats c) -> row(c.command(), num(c.p50Ms()), num(c.p95Ms()), num(c.p99Ms()))))));
        mounted.add(route(routes, "avg-duration", GUILD_ONLY, true, q -> {
            OptionalDouble avg = query.averageDuration(q.guild(), q.clusterId());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("avg_ms", avg != null && avg.isPresent() ? num(avg.getAsDouble()) : null);
            return body;
        }));
        mounted.add(route(routes, "top-guilds", DAYS_LIMIT, false, q -> rows(
                List.of("guild_id", "interactions", "guild_name"),
                map(query.topGuilds(q.days(), q.limit(), q.clusterId()),
                        (GuildCount g) -> row(g.guildId(), g.interactions(), name(g.guildId()))))));
        mounted.add(route(routes, "guild-name", GUILD_ONLY_NO_CLUSTER, true, q -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("guild_id", q.guild().value());
            body.put("guild_name", name(q.guild().value()));
            return body;
        }));
        return mounted;
    }

    /** The cached name, or null (the page then shows the id); a failing lookup is only a missing name. */
    private String name(String guildId) {
        try {
            Optional<String> name = names.apply(guildId);
            return name == null ? null : name.orElse(null);
        } catch (RuntimeException e) {
            errors.accept("guild_name", e);
            return null;
        }
    }

    /**
     * Daily rows, or hourly ones with {@code bucket=hour} when the store can group by hour; otherwise
     * daily rows after all. The answer's {@code bucket} says which it is, so the page never draws
     * days as hours.
     */
    private Object volume(AnalyticsRequest q) {
        if (q.bucket() == AnalyticsRequest.Bucket.HOUR) {
            Optional<List<HourlyVolume>> hourly = query.hourlyInteractionVolume(q.guild(), q.days(), q.clusterId());
            if (hourly != null && hourly.isPresent()) {
                Map<String, Object> body = rows(List.of("hour", "interactions"),
                        map(hourly.get(), (HourlyVolume v) -> row(v.hour().toString(), v.interactions())));
                body.put("bucket", "hour");
                return body;
            }
        }
        Map<String, Object> body = rows(List.of("day", "interactions"),
                map(query.interactionVolume(q.guild(), q.days(), q.clusterId()),
                        (DailyVolume v) -> row(v.day().toString(), v.interactions())));
        body.put("bucket", "day");
        return body;
    }

    private AutoCloseable route(RouteTable routes, String name, Set<String> accepted, boolean needsGuild,
                                Function<AnalyticsRequest, Object> view) {
        return routes.exact(PREFIX + name, new AnalyticsHandler(name, access, accepted, needsGuild, view, inFlight, errors));
    }

    private static Map<String, Object> rows(List<String> columns, List<List<Object>> rows) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("columns", columns);
        body.put("rows", rows);
        return body;
    }

    private static <T> List<List<Object>> map(List<T> in, Function<T, List<Object>> row) {
        List<List<Object>> out = new ArrayList<>(in == null ? 0 : in.size());
        if (in != null) {
            for (T t : in) {
                out.add(row.apply(t));
            }
        }
        return out;
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    private static Double num(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
