package argus.discord.local;

import argus.discord.local.LocalRest.Reply;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

/** {@link LocalRest}'s application commands resource: global and per-guild, the last ones put. */
final class RestCommands {
    private final long applicationId;
    private final Map<String, DataArray> byPath = new ConcurrentHashMap<>();

    RestCommands(long applicationId) {
        this.applicationId = applicationId;
    }

    /** {@code GET applications/{id}[/guilds/{id}]/commands}. */
    Reply get(String path) {
        return Reply.json(200, byPath.getOrDefault(path, DataArray.empty()).toString());
    }

    /** {@code PUT} of the same: echoes the commands with ids; group 3 of {@code m} is the guild, if any. */
    Reply put(String path, Matcher m, String rawBody) {
        DataArray in;
        try {
            in = rawBody == null || rawBody.isBlank() ? DataArray.empty() : DataArray.fromJson(rawBody);
        } catch (RuntimeException e) {
            return Reply.error(400, 50035, "Invalid Form Body");
        }
        DataArray out = DataArray.empty();
        for (int k = 0; k < in.length(); k++) {
            DataObject c = in.getObject(k);
            long id = Payloads.snowflake();
            c.put("id", Long.toUnsignedString(id))
                    .put("application_id", Long.toUnsignedString(applicationId))
                    .put("version", Long.toUnsignedString(id));
            if (!c.hasKey("type")) {
                c.put("type", 1);
            }
            if (!c.hasKey("description")) {
                c.put("description", "");
            }
            if (m.group(3) != null) {
                c.put("guild_id", m.group(3));
            }
            out.add(c);
        }
        byPath.put(path, out);
        return Reply.json(200, out.toString());
    }
}
