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
 *
 * <p>The store may be a table shared with argus-dpy (the Python tool), which writes rows of the same
 * shape. Each view below says what it counts, and where argus-dpy's own query counts something else on the
 * same rows. In short: top commands, per-command count and average, and the overall average agree;
 * interaction volume counts differently, and an empty guild's average differs in form. Every view reads both tools' rows, and
 * {@code clusterId} keeps only rows with that {@code cluster_id} (argus-dpy's rows have {@code ''}).
 */
public interface AnalyticsQuery {

    /**
     * Interactions per UTC day over the last {@code days} days, oldest first: the number of
     * {@code event = 'interaction'} rows per whole UTC day (the day is the first 10 characters of
     * {@code ts}), from today back to {@code days - 1} days before it; days without rows are absent.
     *
     * <p>argus-dpy counts every row of the guild, {@code app_command} rows included, over a rolling
     * {@code now() - N days}. Where every command also writes an {@code interaction} row (this sink does),
     * its figure is therefore higher, by the number of commands, and its window starts mid-day. The per-day
     * {@code interaction} counts are the comparable figure. The window is whole days on purpose: the per-day
     * aggregate projection answers it without reading the guild's rows.
     */
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

    /**
     * The most used application commands, most used first (ties by name): {@code app_command} rows per
     * {@code command}, over all time. Agrees with argus-dpy on the same rows. Commands are full names
     * ({@code config set}) in both tools' rows.
     */
    List<CommandCount> topCommands(GuildId guild, int limit, Optional<String> clusterId);

    /**
     * Count, average and percentile duration and error rate per application command, over all time: count
     * and average of {@code duration_ms} of {@code app_command} rows agree with argus-dpy's; the percentiles
     * are t-digest estimates, not exact quantiles; the error rate is the share of rows with
     * {@code outcome = 'error'}, so argus-dpy's rows (no {@code outcome}) count as successes.
     */
    List<CommandStats> commandStats(GuildId guild, int limit, Optional<String> clusterId);

    /**
     * Average application-command duration in milliseconds ({@code duration_ms} of every {@code app_command}
     * row of the guild, over all time); the same figure as argus-dpy's. Empty when the guild has no such row,
     * where argus-dpy answers {@code 0.0}: a guild with no commands has no average, not a zero one.
     */
    OptionalDouble averageDuration(GuildId guild, Optional<String> clusterId);

    /**
     * The guilds with the most interactions over the last {@code days} days (for the guild picker):
     * {@code interaction} rows per non-empty {@code guild_id} over the same whole-UTC-day window as
     * {@link #interactionVolume}, so the two add up, and differs from a count of every row over a rolling
     * window for the same reasons.
     */
    List<GuildCount> topGuilds(int days, int limit, Optional<String> clusterId);
}
