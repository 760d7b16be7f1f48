package argus.api.query;

/**
 * A validated Discord guild id (a snowflake: 1 to 20 decimal digits). Hostile input never gets
 * past {@link #parse}, so no query ever sees an unvalidated guild id.
 */
public record GuildId(String value) {
    public GuildId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("guild_id must be 1 to 20 decimal digits (a Discord snowflake)");
        }
    }

    public static GuildId parse(String raw) {
        return new GuildId(raw);
    }

    public static boolean isValid(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 20) {
            return false;
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
