package argus.discord.local;

import net.dv8tion.jda.api.utils.TimeUtil;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Discord API v10 JSON as the gateway and REST API send it: the bot's identity, guilds, READY, one
 * {@code INTERACTION_CREATE} payload per interaction type, messages. Every method returns a fresh
 * {@link DataObject}, so a test can change a field before dispatching it.
 *
 * <p>Interaction payloads take a guild id; {@code 0} means a DM with the bot (no guild, no member).
 * Ids are snowflakes of the current time, so JDA's {@code getTimeCreated()} is realistic.
 */
public final class Payloads {
    /** The bot token the local gateway and REST API accept. */
    public static final String TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.local.discord-double-token";
    /** The bot's user id, which is also its application id. */
    public static final long SELF_ID = 1100000000000000001L;
    /** The human who invokes interactions. */
    public static final long USER_ID = 1300000000000000001L;
    /** The target of user context commands and user selects. */
    public static final long TARGET_USER_ID = 1300000000000000002L;
    /** The guild every {@link LocalDiscord} has unless told otherwise. */
    public static final long DEFAULT_GUILD_ID = 1200000000000000001L;
    public static final long COMMAND_ID = 1400000000000000001L;
    public static final String ALL_PERMISSIONS = "2248473465835073";

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Payloads() {
    }

    /** A unique snowflake of the current time. */
    public static long snowflake() {
        return TimeUtil.getDiscordTimestamp(System.currentTimeMillis()) | (SEQUENCE.incrementAndGet() & 0x3FFFFF);
    }

    /**
     * An interaction token shaped like Discord's: {@code aW50ZXJhY3Rpb246} ("interaction:" in base64)
     * followed by base64url without padding, so every character is one JDA leaves unescaped in a
     * compiled route ({@code Route.CompiledRoute#getCompiledRoute()} URL-encodes path parameters, a
     * ':' would become {@code %3A} there while the HTTP request keeps it).
     */
    public static String token(long interactionId) {
        byte[] secret = (interactionId + ":local-discord-secret-" + Long.toHexString(snowflake()))
                .getBytes(StandardCharsets.UTF_8);
        return "aW50ZXJhY3Rpb246" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The shard a guild belongs to: {@code (guild_id >> 22) % shard_total}, Discord's formula. */
    public static int shardOf(long guildId, int shardTotal) {
        return (int) Long.remainderUnsigned(guildId >>> 22, shardTotal);
    }

    /**
     * The {@code k}-th of a family of guild ids ({@code k >= 0}) whose shards go round-robin:
     * guild {@code k} is on shard {@code (k + 1 + c) % shardTotal} for a constant {@code c}, so
     * {@code n} consecutive guilds spread evenly over any shard count. Never {@link #DEFAULT_GUILD_ID}.
     */
    public static long guildId(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must not be negative");
        }
        return DEFAULT_GUILD_ID + ((long) (k + 1) << 22);
    }

    /** The text channel every guild made here has (the guild id + 1). */
    public static long channelIdFor(long guildId) {
        return guildId + 1;
    }

    /** The DM channel between {@link #USER_ID} and the bot. */
    public static long dmChannelId() {
        return USER_ID + 100;
    }

    // ------------------------------------------------------------------ users, application, gateway

    public static DataObject selfUser() {
        return DataObject.fromJson("""
                {"id":"%d","username":"argus-bot","global_name":null,"discriminator":"0","avatar":null,
                 "bot":true,"system":false,"verified":true,"mfa_enabled":false,"flags":0,"public_flags":0}
                """.formatted(SELF_ID));
    }

    public static DataObject user(long id, String name) {
        return DataObject.fromJson("""
                {"id":"%d","username":"%s","global_name":"%s","discriminator":"0","avatar":null,
                 "bot":false,"public_flags":0}
                """.formatted(id, name, name));
    }

    /** A member; {@code withUser=false} is the shape of an interaction's {@code resolved.members}. */
    public static DataObject member(DataObject user, boolean withUser) {
        DataObject m = DataObject.fromJson("""
                {"roles":[],"joined_at":"2024-01-01T00:00:00.000000+00:00","nick":null,"avatar":null,
                 "premium_since":null,"deaf":false,"mute":false,"pending":false,"flags":0,
                 "communication_disabled_until":null,"permissions":"%s"}
                """.formatted(ALL_PERMISSIONS));
        if (withUser) {
            m.put("user", user);
        }
        return m;
    }

    /** {@code GET oauth2/applications/@me}. */
    public static DataObject application() {
        return DataObject.fromJson("""
                {"id":"%d","name":"argus-bot","icon":null,"description":"A bot on the local Discord",
                 "bot_public":true,"bot_require_code_grant":false,"flags":0,"tags":[],"redirect_uris":[],
                 "interactions_endpoint_url":null,"team":null,"approximate_guild_count":1}
                """.formatted(SELF_ID)).put("owner", user(USER_ID, "alice")).put("bot", selfUser());
    }

    /** {@code GET gateway/bot}. */
    public static DataObject gatewayBot(String url, int shards) {
        return DataObject.empty()
                .put("url", url)
                .put("shards", shards)
                .put("session_start_limit", DataObject.empty()
                        .put("total", 1000).put("remaining", 999).put("reset_after", 86_400_000)
                        .put("max_concurrency", 1));
    }

    /** READY: the guilds (all unavailable until their GUILD_CREATE), the session and the shard. */
    public static DataObject ready(int shardId, int shardTotal, Iterable<Long> guildIds, String sessionId,
                                   String resumeUrl) {
        DataArray guilds = DataArray.empty();
        for (long id : guildIds) {
            guilds.add(DataObject.empty().put("id", Long.toUnsignedString(id)).put("unavailable", true));
        }
        return DataObject.empty()
                .put("v", 10)
                .put("user", selfUser())
                .put("guilds", guilds)
                .put("session_id", sessionId)
                .put("resume_gateway_url", resumeUrl)
                .put("shard", DataArray.empty().add(shardId).add(shardTotal))
                .put("application", DataObject.empty().put("id", Long.toUnsignedString(SELF_ID)).put("flags", 0))
                .put("private_channels", DataArray.empty())
                .put("presences", DataArray.empty())
                .put("relationships", DataArray.empty())
                .put("guild_join_requests", DataArray.empty())
                .put("geo_ordered_rtc_regions", DataArray.empty())
                .put("user_settings", DataObject.empty())
                .put("_trace", DataArray.empty().add("argus-local-gateway"));
    }

    public static DataObject textChannel(long guildId, long channelId, String name) {
        return DataObject.fromJson("""
                {"id":"%d","type":0,"guild_id":"%d","name":"%s","position":0,"permission_overwrites":[],
                 "nsfw":false,"parent_id":null,"topic":null,"rate_limit_per_user":0,"last_message_id":null,
                 "flags":0}
                """.formatted(channelId, guildId, name));
    }

    /**
     * GUILD_CREATE: an {@code @everyone} role, one text channel ({@link #channelIdFor}), the bot and
     * {@link #USER_ID} as members, one custom emoji and one sticker.
     */
    public static DataObject guildCreate(long guildId, String name) {
        DataObject g = DataObject.fromJson("""
                {"id":"%1$d","name":"%2$s","icon":null,"splash":null,"discovery_splash":null,"owner_id":"%3$d",
                 "afk_channel_id":null,"afk_timeout":300,"verification_level":0,"default_message_notifications":0,
                 "explicit_content_filter":0,"features":[],"mfa_level":0,"application_id":null,
                 "system_channel_id":null,"system_channel_flags":0,"rules_channel_id":null,"max_presences":null,
                 "max_members":500000,"vanity_url_code":null,"description":null,"banner":null,"premium_tier":0,
                 "premium_subscription_count":0,"preferred_locale":"en-US","public_updates_channel_id":null,
                 "nsfw_level":0,"premium_progress_bar_enabled":false,"safety_alerts_channel_id":null,
                 "joined_at":"2024-01-01T00:00:00.000000+00:00","large":false,"unavailable":false,
                 "member_count":2,"voice_states":[],"threads":[],"presences":[],"stage_instances":[],
                 "guild_scheduled_events":[],"soundboard_sounds":[],
                 "roles":[{"id":"%1$d","name":"@everyone","color":0,
                           "colors":{"primary_color":0,"secondary_color":null,"tertiary_color":null},"hoist":false,
                           "icon":null,"unicode_emoji":null,"position":0,"permissions":"%4$s","managed":false,
                           "mentionable":false,"flags":0}],
                 "emojis":[{"id":"%5$d","name":"argus","roles":[],"require_colons":true,"managed":false,
                            "animated":false,"available":true}],
                 "stickers":[{"id":"%6$d","name":"wave","tags":"wave","type":2,"format_type":1,
                              "description":"hi","available":true,"guild_id":"%1$d"}]}
                """.formatted(guildId, name, USER_ID, ALL_PERMISSIONS, guildId + 7, guildId + 8));
        g.put("channels", DataArray.empty().add(textChannel(guildId, channelIdFor(guildId), "general")));
        g.put("members", DataArray.empty().add(member(selfUser(), true)).add(member(user(USER_ID, "alice"), true)));
        return g;
    }

    /** A message the bot sent (as REST returns it for interaction responses and webhook messages). */
    public static DataObject message(long id, long channelId, long guildId, String content, int flags) {
        DataObject m = DataObject.fromJson("""
                {"id":"%d","type":0,"channel_id":"%d","content":"","timestamp":"2024-01-01T00:00:00.000000+00:00",
                 "edited_timestamp":null,"tts":false,"mention_everyone":false,"mentions":[],"mention_roles":[],
                 "attachments":[],"embeds":[],"components":[],"pinned":false}
                """.formatted(id, channelId));
        m.put("content", content).put("flags", flags)
                .put("author", selfUser())
                .put("webhook_id", Long.toUnsignedString(SELF_ID))
                .put("application_id", Long.toUnsignedString(SELF_ID));
        if (guildId != 0) {
            m.put("guild_id", Long.toUnsignedString(guildId));
        }
        return m;
    }

    /** A bot message with one button ({@code customId}), as component interactions carry it. */
    public static DataObject messageWithButton(long guildId, String customId) {
        long channelId = guildId != 0 ? channelIdFor(guildId) : dmChannelId();
        DataObject m = DataObject.fromJson("""
                {"id":"%d","type":0,"channel_id":"%d","content":"pick one","timestamp":"2024-01-01T00:00:00.000000+00:00",
                 "edited_timestamp":null,"tts":false,"mention_everyone":false,"mentions":[],"mention_roles":[],
                 "attachments":[],"embeds":[],"pinned":false,"flags":0,
                 "components":[{"type":1,"id":1,"components":[{"type":2,"id":2,"style":1,"label":"OK","custom_id":"%s"}]}]}
                """.formatted(snowflake(), channelId, customId));
        return m.put("author", selfUser());
    }

    // ------------------------------------------------------------------ INTERACTION_CREATE

    /**
     * The envelope every interaction shares.
     *
     * @param type    2 application command, 3 message component, 4 autocomplete, 5 modal submit
     * @param guildId the guild, or 0 for a DM with the bot
     */
    public static DataObject interaction(int type, long guildId, DataObject data) {
        long id = snowflake();
        DataObject invoker = user(USER_ID, "alice");
        DataObject i = DataObject.empty()
                .put("id", Long.toUnsignedString(id))
                .put("application_id", Long.toUnsignedString(SELF_ID))
                .put("type", type)
                .put("token", token(id))
                .put("version", 1)
                .put("locale", "en-US")
                .put("entitlements", DataArray.empty())
                .put("app_permissions", ALL_PERMISSIONS)
                .put("attachment_size_limit", 26214400)
                .put("data", data);
        if (guildId != 0) {
            long channelId = channelIdFor(guildId);
            i.put("guild_id", Long.toUnsignedString(guildId))
                    .put("guild", DataObject.fromJson(
                            "{\"id\":\"%d\",\"locale\":\"en-US\",\"features\":[]}".formatted(guildId)))
                    .put("guild_locale", "en-US")
                    .put("channel_id", Long.toUnsignedString(channelId))
                    .put("channel", textChannel(guildId, channelId, "general").put("permissions", ALL_PERMISSIONS))
                    .put("member", member(invoker, true))
                    .put("authorizing_integration_owners", DataObject.empty().put("0", Long.toUnsignedString(guildId)))
                    .put("context", 0);
        } else {
            long dm = dmChannelId();
            i.put("channel_id", Long.toUnsignedString(dm))
                    .put("channel", DataObject.fromJson("{\"id\":\"%d\",\"type\":1,\"last_message_id\":null,\"flags\":0}"
                            .formatted(dm)).put("recipients", DataArray.empty().add(invoker)))
                    .put("user", invoker)
                    .put("authorizing_integration_owners", DataObject.empty().put("0", "0"))
                    .put("context", 1);
        }
        return i;
    }

    /** {@code /name} with one string option {@code text}, or {@code /name subcommand} when it is not null. */
    public static DataObject slashCommand(long guildId, String name, String subcommand) {
        DataObject text = DataObject.fromJson("{\"name\":\"text\",\"type\":3,\"value\":\"hello\"}");
        DataArray options = DataArray.empty();
        if (subcommand != null) {
            options.add(DataObject.empty().put("name", subcommand).put("type", 1)
                    .put("options", DataArray.empty().add(text)));
        } else {
            options.add(text);
        }
        return interaction(2, guildId, DataObject.empty()
                .put("id", Long.toUnsignedString(COMMAND_ID)).put("name", name).put("type", 1).put("options", options));
    }

    /**
     * {@code /name group subcommand}: a subcommand inside a subcommand group (option type 2 holding a type 1
     * option), with the same string option {@code text}.
     */
    public static DataObject slashCommand(long guildId, String name, String group, String subcommand) {
        DataObject text = DataObject.fromJson("{\"name\":\"text\",\"type\":3,\"value\":\"hello\"}");
        DataObject sub = DataObject.empty().put("name", subcommand).put("type", 1)
                .put("options", DataArray.empty().add(text));
        DataObject grouped = DataObject.empty().put("name", group).put("type", 2)
                .put("options", DataArray.empty().add(sub));
        return interaction(2, guildId, DataObject.empty()
                .put("id", Long.toUnsignedString(COMMAND_ID)).put("name", name).put("type", 1)
                .put("options", DataArray.empty().add(grouped)));
    }

    /** {@code /name} without options. */
    public static DataObject slashCommand(long guildId, String name) {
        return interaction(2, guildId, DataObject.empty()
                .put("id", Long.toUnsignedString(COMMAND_ID)).put("name", name).put("type", 1)
                .put("options", DataArray.empty()));
    }

    /** A user context-menu command targeting {@link #TARGET_USER_ID}. */
    public static DataObject userCommand(long guildId, String name) {
        DataObject target = user(TARGET_USER_ID, "bob");
        DataObject resolved = DataObject.empty()
                .put("users", DataObject.empty().put(Long.toUnsignedString(TARGET_USER_ID), target));
        if (guildId != 0) {
            resolved.put("members", DataObject.empty().put(Long.toUnsignedString(TARGET_USER_ID), member(target, false)));
        }
        return interaction(2, guildId, DataObject.empty()
                .put("id", Long.toUnsignedString(COMMAND_ID + 1)).put("name", name).put("type", 2)
                .put("target_id", Long.toUnsignedString(TARGET_USER_ID)).put("resolved", resolved));
    }

    /** A message context-menu command targeting a bot message. */
    public static DataObject messageCommand(long guildId, String name) {
        DataObject msg = messageWithButton(guildId, "ctx");
        return interaction(2, guildId, DataObject.empty()
                .put("id", Long.toUnsignedString(COMMAND_ID + 3)).put("name", name).put("type", 3)
                .put("target_id", msg.getString("id"))
                .put("resolved", DataObject.empty().put("messages", DataObject.empty().put(msg.getString("id"), msg))));
    }

    /** A button press on a bot message. */
    public static DataObject button(long guildId, String customId) {
        return interaction(3, guildId, DataObject.empty()
                .put("custom_id", customId).put("component_type", 2).put("id", 2))
                .put("message", messageWithButton(guildId, customId));
    }

    /** A string select (component type 3) on an ephemeral message (only id and flags are sent). */
    public static DataObject stringSelect(long guildId, String customId, String... values) {
        DataArray v = DataArray.empty();
        for (String s : values) {
            v.add(s);
        }
        return interaction(3, guildId, DataObject.empty()
                .put("custom_id", customId).put("component_type", 3).put("id", 2).put("values", v))
                .put("message", DataObject.empty().put("id", Long.toUnsignedString(snowflake())).put("flags", 64));
    }

    /** A user select (component type 5, an entity select) choosing {@link #TARGET_USER_ID}. */
    public static DataObject userSelect(long guildId, String customId) {
        return interaction(3, guildId, DataObject.empty()
                .put("custom_id", customId).put("component_type", 5).put("id", 2)
                .put("values", DataArray.empty().add(Long.toUnsignedString(TARGET_USER_ID)))
                .put("resolved", DataObject.empty().put("users", DataObject.empty()
                        .put(Long.toUnsignedString(TARGET_USER_ID), user(TARGET_USER_ID, "bob")))))
                .put("message", DataObject.empty().put("id", Long.toUnsignedString(snowflake())).put("flags", 64));
    }

    /** A modal submit: one label (type 18) around one text input (type 4), JDA 6's modal layout. */
    public static DataObject modalSubmit(long guildId, String modalId, String inputId, String value) {
        return interaction(5, guildId, DataObject.fromJson("""
                {"custom_id":"%s","components":[{"type":18,"id":1,"component":{"type":4,"id":2,"custom_id":"%s","value":"%s"}}]}
                """.formatted(modalId, inputId, value)));
    }

    /** Autocomplete for {@code /commandName} with {@code optionName} focused and {@code typed} typed so far. */
    public static DataObject autocomplete(long guildId, String commandName, String optionName, String typed) {
        return interaction(4, guildId, DataObject.fromJson("""
                {"id":"%d","name":"%s","type":1,"options":[{"name":"%s","type":3,"value":"%s","focused":true}]}
                """.formatted(COMMAND_ID + 2, commandName, optionName, typed)));
    }
}
