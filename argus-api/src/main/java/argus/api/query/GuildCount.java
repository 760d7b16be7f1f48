package argus.api.query;

/** Interactions of one guild, for the dashboard's guild picker. */
public record GuildCount(String guildId, long interactions) {
}
