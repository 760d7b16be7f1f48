package argus.web.api;

import argus.api.query.AnalyticsQuery;
import argus.api.query.CommandCount;
import argus.api.query.CommandStats;
import argus.api.query.DailyVolume;
import argus.api.query.GuildCount;
import argus.api.query.GuildId;
import argus.api.query.HourlyVolume;
import argus.api.query.QueryLimits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A deterministic in-memory {@link AnalyticsQuery} that records every call and checks that every
 * value it is given already passed validation (what a parameterised SQL query would receive).
 * Guild {@value #GUILD} has data over 14 days, {@value #NEW_GUILD} only in the current hour; every
 * other guild is empty. {@link #hourly} false plays a store that cannot group by hour.
 */
public class RecordingAnalyticsQuery implements AnalyticsQuery {
    public static final String GUILD = "81384788765712384";
    /** A guild new to the bot: 3 interactions, all in the current hour. */
    public static final String NEW_GUILD = "222222222222222222";
    private static final Pattern CLUSTER = Pattern.compile("[A-Za-z0-9._\\-]{1,64}");

    public record Call(String method, String guild, int days, int limit, Optional<String> cluster) {
    }

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final List<String> violations = new CopyOnWriteArrayList<>();
    public volatile RuntimeException failWith;
    public volatile boolean hourly = true;

    private void record(String method, GuildId guild, int days, int limit, Optional<String> cluster) {
        if (guild != null && !GuildId.isValid(guild.value())) {
            violations.add(method + ": guild " + guild.value());
        }
        if (days != 0 && (days < 1 || days > QueryLimits.MAX_DAYS)) {
            violations.add(method + ": days " + days);
        }
        if (limit != 0 && (limit < 1 || limit > QueryLimits.MAX_LIMIT)) {
            violations.add(method + ": limit " + limit);
        }
        if (cluster == null || cluster.isPresent() && !CLUSTER.matcher(cluster.get()).matches()) {
            violations.add(method + ": cluster " + cluster);
        }
        calls.add(new Call(method, guild == null ? null : guild.value(), days, limit, cluster));
        RuntimeException f = failWith;
        if (f != null) {
            throw f;
        }
    }

    private static boolean hasData(GuildId guild) {
        return GUILD.equals(guild.value());
    }

    @Override
    public List<DailyVolume> interactionVolume(GuildId guild, int days, Optional<String> clusterId) {
        record("interactionVolume", guild, days, 0, clusterId);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (NEW_GUILD.equals(guild.value())) {
            return List.of(new DailyVolume(today, 3));
        }
        if (!hasData(guild)) {
            return List.of();
        }
        List<DailyVolume> out = new ArrayList<>();
        for (int i = Math.min(days, 14) - 1; i >= 0; i--) {
            out.add(new DailyVolume(today.minusDays(i), 10L + 3L * i));
        }
        return out;
    }

    /** {@value #GUILD}: hour i (0 = oldest) has i % 4 interactions; {@value #NEW_GUILD}: 3 in the current hour. */
    @Override
    public Optional<List<HourlyVolume>> hourlyInteractionVolume(GuildId guild, int days, Optional<String> clusterId) {
        record("hourlyInteractionVolume", guild, days, 0, clusterId);
        if (!hourly) {
            return AnalyticsQuery.super.hourlyInteractionVolume(guild, days, clusterId);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        if (NEW_GUILD.equals(guild.value())) {
            return Optional.of(List.of(new HourlyVolume(now, 3)));
        }
        if (!hasData(guild)) {
            return Optional.of(List.of());
        }
        List<HourlyVolume> out = new ArrayList<>();
        int hours = days * 24;
        for (int i = 0; i < hours; i++) {
            if (i % 4 != 0) {   // hours without interactions are absent, as GROUP BY leaves them
                out.add(new HourlyVolume(now.minus(hours - 1 - i, ChronoUnit.HOURS), i % 4));
            }
        }
        return Optional.of(out);
    }

    @Override
    public List<CommandCount> topCommands(GuildId guild, int limit, Optional<String> clusterId) {
        record("topCommands", guild, 0, limit, clusterId);
        return hasData(guild) ? List.of(new CommandCount("ping", 120), new CommandCount("play", 45),
                new CommandCount("queue", 7)).subList(0, Math.min(3, limit)) : List.of();
    }

    @Override
    public List<CommandStats> commandStats(GuildId guild, int limit, Optional<String> clusterId) {
        record("commandStats", guild, 0, limit, clusterId);
        return hasData(guild) ? List.of(
                new CommandStats("ping", 120, 12.5, 10.0, 31.0, 48.0, 0.0),
                new CommandStats("play", 45, 840.25, 700.0, 2100.0, 2900.0, 0.0444),
                new CommandStats("queue", 7, 55.0, 50.0, 90.0, 99.0, 0.5)).subList(0, Math.min(3, limit)) : List.of();
    }

    @Override
    public OptionalDouble averageDuration(GuildId guild, Optional<String> clusterId) {
        record("averageDuration", guild, 0, 0, clusterId);
        return hasData(guild) ? OptionalDouble.of(283.75) : OptionalDouble.empty();
    }

    @Override
    public List<GuildCount> topGuilds(int days, int limit, Optional<String> clusterId) {
        record("topGuilds", null, days, limit, clusterId);
        return List.of(new GuildCount(GUILD, 172), new GuildCount(NEW_GUILD, 3)).subList(0, Math.min(2, limit));
    }
}
