package argus.api.query;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The read side of the analytics path: per-guild questions answered from the analytics store,
 * never from Prometheus (invariant 7). Inputs are validated by {@link QueryLimits} before any query
 * runs; implementations use parameterised queries only.
 *
 * <pre>{@code
 * List<CommandCount> top = query.topCommands(GuildId.parse("81384788765712384"), 10, Optional.empty());
 * }</pre>
 */
public interface AnalyticsQuery {

    /** Interactions per UTC day over the last {@code days} days, oldest first. */
    List<DailyVolume> interactionVolume(GuildId guild, int days, Optional<String> clusterId);

    /**
     * Interactions per UTC hour over the last {@code days} × 24 hours (the current hour included),
     * oldest first, for short ranges where one bar per day says little. Empty when this store cannot
     * bucket by hour: callers then show {@link #interactionVolume} (daily) instead, so a store that
     * predates this method keeps working unchanged.
     */
    default Optional<List<HourlyVolume>> hourlyInteractionVolume(GuildId guild, int days, Optional<String> clusterId) {
        return Optional.empty();
    }

    /** The most used application commands, most used first. */
    List<CommandCount> topCommands(GuildId guild, int limit, Optional<String> clusterId);

    /** Count, average and percentile duration and error rate per application command. */
    List<CommandStats> commandStats(GuildId guild, int limit, Optional<String> clusterId);

    /** Average application-command duration in milliseconds; empty when there is none. */
    OptionalDouble averageDuration(GuildId guild, Optional<String> clusterId);

    /** The guilds with the most interactions over the last {@code days} days (for the guild picker). */
    List<GuildCount> topGuilds(int days, int limit, Optional<String> clusterId);
}
