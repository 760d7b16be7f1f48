package argus.bench.web;

import argus.core.Argus;
import argus.core.ArgusBuilder;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.data.DataObject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A sharded bot with a realistic metric registry, observed by Argus through its public entry point
 * only ({@code Argus.builder(shardManager)...start()}): a real JDA {@code ShardManager} with 16 shards
 * connected to the local Discord ({@code discord-double}), one guild per shard, and 50 slash commands
 * each run once successfully (deferred reply, then an edit and a follow-up: three REST routes) and once
 * failing (a reply, then a listener exception). The registry then holds 50 x 2 command series, 50
 * duration histograms, per-shard gauges for 16 shards, gateway dispatch counts (through
 * {@code Argus.instrument}), several REST route templates with their duration histograms and the
 * default Argus families.
 */
final class RealisticBot implements AutoCloseable {
    static final int SHARDS = 16;
    static final int COMMANDS = 50;

    private final LocalDiscord discord;
    private final ShardManager shards;
    private final List<Long> guilds = new ArrayList<>();
    private Argus argus;

    /**
     * Replies to every command; the second use of a name throws after replying, so that command ends in
     * error: {@code /name} twice is one success and one error series of the same command. (A
     * subcommand would not do: Argus labels a command by its full name, {@code name sub}.)
     */
    static final class CommandBot extends ListenerAdapter {
        private final Set<String> seen = ConcurrentHashMap.newKeySet();

        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            if (!seen.add(event.getFullCommandName())) {
                event.reply("failing").queue();
                throw new IllegalStateException("bench: this command fails on purpose");
            }
            event.deferReply().queue(hook -> hook.editOriginal("done").queue(
                    m -> hook.sendMessage("follow-up").queue()));
        }
    }

    private RealisticBot() {
        LocalDiscord.Builder b = LocalDiscord.builder().timeout(Duration.ofSeconds(20));
        for (int k = 0; k < SHARDS; k++) {
            long id = Payloads.DEFAULT_GUILD_ID + ((long) k << 22); // one guild on each of the 16 shards
            guilds.add(id);
            if (k > 0) {
                b.guild(id, "bench-guild-" + k);
            }
        }
        discord = b.start();
        try {
            shards = discord.shardManager(SHARDS).listeners(new CommandBot())
                    .configure(sm -> Argus.instrument(sm)).connect();
        } catch (RuntimeException | Error e) {
            discord.close();
            throw e;
        }
    }

    /**
     * Starts the bot and Argus ({@code port(0)}, no shutdown hook, no {@code ARGUS_*} environment), lets
     * {@code configure} add settings, then runs the 100 commands and waits until every one completed.
     */
    static RealisticBot start(Consumer<ArgusBuilder> configure) {
        RealisticBot bot = new RealisticBot();
        try {
            ArgusBuilder ab = Argus.builder(bot.shards).port(0).host("127.0.0.1").closeOnShutdown(false)
                    .environment(Map.of());
            configure.accept(ab);
            bot.argus = ab.start();
            bot.runCommands();
        } catch (RuntimeException | Error e) {
            bot.close();
            throw e;
        }
        return bot;
    }

    private void runCommands() {
        for (int c = 0; c < COMMANDS; c++) {
            String name = commandName(c);
            long guild = guilds.get(c % guilds.size());
            discord.dispatchInteraction(slashCommand(guild, name, null));
            discord.dispatchInteraction(slashCommand(guild, name, null));
        }
        LocalDiscord.waitUntil(this::allCompleted, discord.timeout(), () -> "not every command completed");
    }

    static String commandName(int c) {
        return String.format("command_%02d", c);
    }

    private boolean allCompleted() {
        for (int c = 0; c < COMMANDS; c++) {
            String name = commandName(c);
            if (!(argus.registry().value("discord_app_commands", name, "success") == 1
                    && argus.registry().value("discord_app_commands", name, "error") == 1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code /name subcommand} in {@code guild} with a token shaped like Discord's (base64url of
     * {@code interaction:<id>:<secret>}): the discord-double's own token holds a ':' that JDA URL-encodes
     * in the callback route, which Argus would never match (see BENCHMARKS.md, issue 2).
     */
    static DataObject slashCommand(long guild, String name, String subcommand) {
        DataObject d = subcommand == null ? Payloads.slashCommand(guild, name)
                : Payloads.slashCommand(guild, name, subcommand);
        String secret = "interaction:" + d.getString("id") + ":" + "s3cr3t".repeat(20);
        d.put("token", Base64.getUrlEncoder().withoutPadding()
                .encodeToString(secret.getBytes(StandardCharsets.US_ASCII)));
        return d;
    }

    Argus argus() {
        return argus;
    }

    LocalDiscord discord() {
        return discord;
    }

    List<Long> guilds() {
        return guilds;
    }

    @Override
    public void close() {
        try {
            if (argus != null) {
                argus.close();
            }
        } finally {
            discord.close();
        }
    }
}
