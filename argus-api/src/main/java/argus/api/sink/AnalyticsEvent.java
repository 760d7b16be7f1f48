package argus.api.sink;

import java.util.Objects;

/**
 * One row of the per-guild analytics path (README, "Per-guild analytics"), compatible with argus-dpy's
 * {@code argus_events} table. Built on the bot's thread only when a real sink is bound, so it
 * holds primitives and strings JDA already has; the sink formats {@code ts} on its own thread.
 *
 * @param epochMillis when the interaction was received (UTC); written as an ISO-8601 string
 * @param event       {@link EventKind#INTERACTION} or {@link EventKind#APP_COMMAND}
 * @param guildId     the guild's snowflake, or 0 for a DM (written as the empty string)
 * @param type        the interaction type, e.g. {@code slash_command}, {@code button}
 * @param command     the command name ("" when the interaction is not a command)
 * @param durationMs  receipt to completion in milliseconds (0 for the interaction event when not timed)
 * @param outcome     {@code success}, {@code error} or "" when not applicable
 * @param errorType   the error's simple type name on failure, else ""
 * @param shardId     the shard that received it
 * @param clusterId   this process's {@code cluster_id}
 */
public record AnalyticsEvent(long epochMillis, EventKind event, long guildId, String type, String command,
                             double durationMs, String outcome, String errorType, int shardId, String clusterId) {
    public AnalyticsEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(clusterId, "clusterId");
    }

    /** The guild id as the table stores it: decimal digits, or "" for DMs. */
    public String guildIdText() {
        return guildId == 0 ? "" : Long.toUnsignedString(guildId);
    }
}
