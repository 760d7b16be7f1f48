package argus.core;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;

import java.util.List;
import java.util.Optional;

/**
 * Guild names for the dashboard, read from the observed shards' guild caches when asked (README,
 * "Dashboard and HTTP APIs"). Nothing is kept or copied: a name lives in JDA's cache only, never in the
 * analytics store and never in a label (invariant 2), and a guild the bot left or never cached has no
 * name, so the page shows its id.
 */
final class GuildNames {
    /** A snowflake fits an unsigned 64-bit number: at most 20 digits. */
    private static final int MAX_DIGITS = 20;

    private GuildNames() {
    }

    /**
     * The name of {@code guildId} in the first shard that caches it. Each shard answers from its guild
     * cache's id index (a hash lookup, no I/O), so a call costs one lookup per shard.
     */
    static Optional<String> of(List<JDA> shards, String guildId) {
        long id;
        try {
            id = parse(guildId);
        } catch (NumberFormatException notAnId) {
            return Optional.empty();
        }
        for (JDA shard : shards) {
            Guild guild = shard.getGuildById(id);
            if (guild != null) {
                String name = guild.getName();
                return name == null || name.isEmpty() ? Optional.empty() : Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static long parse(String guildId) {
        if (guildId == null || guildId.isEmpty() || guildId.length() > MAX_DIGITS) {
            throw new NumberFormatException("not a snowflake");
        }
        for (int i = 0; i < guildId.length(); i++) {
            char c = guildId.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not a snowflake");
            }
        }
        return Long.parseUnsignedLong(guildId);
    }
}
