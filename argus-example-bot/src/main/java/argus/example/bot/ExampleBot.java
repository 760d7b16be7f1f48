package argus.example.bot;

import argus.core.Argus;
import argus.core.ArgusBuilder;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.UserContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.StringSelectInteractionEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InteractionFailureException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The example bot from the README, instrumented with {@code Argus.attach(jda)}. Its commands take
 * different amounts of time, so the dashboard has something to show:
 * <ul>
 *   <li>{@code /ping}: answers at once; {@code /search} (with autocomplete): after ~150 ms (log-normal);
 *       {@code /stats}: after 300 to 900 ms; {@code /slow}: defers, then answers after 0.5 to 2.5 s;</li>
 *   <li>{@code /flaky}: fails one time in four (answers with an apology and throws a {@link DeliberateFailure},
 *       counted as a command error);</li>
 *   <li>the {@code vote} button, the {@code role} select, the {@code feedback} modal and the
 *       {@code Profile} user command.</li>
 * </ul>
 * With {@code DISCORD_TOKEN} it runs against Discord. Without it, it runs in demo mode ({@link Demo}):
 * a local Discord with {@code DEMO_GUILDS} guilds (40) on {@code DEMO_SHARDS} shards (2) and simulated
 * users sending {@code DEMO_RATE} interactions per second (8). Argus settings come from {@code ARGUS_*}.
 *
 * <p>The delayed answers run on one scheduler thread that this listener owns: {@link #close()} stops it
 * (before the bot shuts down, so that no answer is queued on a JDA that is gone).
 */
public final class ExampleBot extends ListenerAdapter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExampleBot.class);

    /** One thread for every delayed answer: scheduling is all it does, JDA sends the answers. */
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "example-bot-later");
        t.setDaemon(true);
        return t;
    });

    /**
     * What {@code /flaky} throws on purpose: the demo's error rate, which Argus counts as a command error
     * (error type {@code DeliberateFailure}). No stack trace: there is no bug to locate.
     */
    public static final class DeliberateFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DeliberateFailure(String message) {
            super(message, null, false, false);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        String token = System.getenv("DISCORD_TOKEN");
        if (token == null || token.isBlank()) {
            runDemo(System.getenv());
            return;
        }
        JDA jda = Argus.instrument(JDABuilder.createLight(token, GatewayIntent.GUILD_MESSAGES))
                .addEventListeners(new ExampleBot())
                .build();
        Argus argus = Argus.attach(jda);                       // the one line
        jda.awaitReady();
        LOG.info("Example bot ready; metrics on http://localhost:{}/metrics", argus.port());
    }

    /** Demo mode: the bot on a local Discord with simulated users, Argus attached, until the JVM stops. */
    static void runDemo(Map<String, String> env) {
        int guilds = intEnv(env, "DEMO_GUILDS", 40);
        int shards = intEnv(env, "DEMO_SHARDS", 2);
        double rate = Double.parseDouble(env.getOrDefault("DEMO_RATE", "8"));
        LOG.info("DISCORD_TOKEN is not set: running the demo (a local Discord, {} guilds on {} shards, ~{} interactions/s). "
                + "Set DISCORD_TOKEN to run the bot against Discord.", guilds, shards, rate);
        Demo demo = Demo.create(guilds, shards);
        Argus argus;
        if (shards > 1) {
            ShardManager bot = demo.buildShardManager(Argus::instrument);
            argus = demoSettings(Argus.builder(bot), env).start();
        } else {
            JDA bot = demo.buildJda(Argus::instrument);
            argus = demoSettings(Argus.builder(bot), env).start();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            argus.close();
            demo.close();
        }, "example-bot-demo-shutdown"));
        demo.go(rate);
        LOG.info("Demo running: dashboard on http://localhost:{}/ , metrics on http://localhost:{}/metrics",
                argus.port(), argus.port());
    }

    /** Analytics turns on in the demo as soon as a ClickHouse DSN is given. */
    private static ArgusBuilder demoSettings(ArgusBuilder b, Map<String, String> env) {
        String dsn = env.get("ARGUS_CLICKHOUSE_DSN");
        if (dsn != null && !dsn.isBlank() && !env.containsKey("ARGUS_ENABLE_PER_GUILD")) {
            b.enablePerGuild(true);
        }
        return b;
    }

    private static int intEnv(Map<String, String> env, String key, int dflt) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a positive whole number");
        }
    }

    /** The commands this bot registers. */
    public static List<CommandData> commands() {
        return List.of(
                Commands.slash("ping", "Answers pong"),
                Commands.slash("search", "Searches (with autocomplete)")
                        .addOption(OptionType.STRING, "text", "What to look for", false, true),
                Commands.slash("stats", "Shows statistics (takes a moment)"),
                Commands.slash("slow", "Answers after thinking for a while"),
                Commands.slash("flaky", "Fails now and then"),
                Commands.user("Profile"));
    }

    @Override
    public void onReady(ReadyEvent event) {
        if (event.getJDA().getShardInfo().getShardId() == 0) {
            event.getJDA().updateCommands().addCommands(commands()).queue(
                    ok -> LOG.info("Registered {} commands", ok.size()),
                    err -> LOG.warn("Could not register commands: {}", err.toString()));
        }
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        switch (event.getName()) {
            case "ping" -> event.reply("pong").queue(null, FAILED);
            case "search" -> {
                long delay = Math.min(2_500, Math.round(150 * Math.exp(0.6 * random.nextGaussian())));
                later(delay, () -> event.reply("3 results for '" + event.getOption("text", "", o -> o.getAsString())
                        + "'").queue(null, FAILED));
            }
            case "stats" -> {
                long delay = 300 + random.nextLong(600);
                later(delay, () -> event.reply("42 servers, 1337 users").queue(null, FAILED));
            }
            case "slow" -> {
                event.deferReply().queue(null, FAILED);
                long delay = 500 + random.nextLong(2_000);
                later(delay, () -> event.getHook().sendMessage("done after " + delay + " ms").queue(null, FAILED));
            }
            case "flaky" -> {
                if (random.nextInt(4) == 0) {
                    event.reply("Sorry, that went wrong.").setEphemeral(true).queue(null, FAILED);
                    // One INFO line that says it is deliberate. Argus counts the exception in
                    // discord_command_errors_total; JDA's event manager would log it again as an ERROR
                    // (logger net.dv8tion.jda.internal.JDAImpl), which the demo turns off
                    // (scripts/demo-quiet-loggers.txt): one fault, one calm line.
                    LOG.info("Deliberate failure: /flaky fails one time in four on purpose (the demo's error rate, "
                            + "counted as a command error, not a bug)");
                    throw new DeliberateFailure("/flaky failed on purpose (the demo's error rate, not a bug)");
                }
                event.reply("ok").queue(null, FAILED);
            }
            default -> event.reply("unknown command").setEphemeral(true).queue(null, FAILED);
        }
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
        String typed = event.getFocusedOption().getValue();
        event.replyChoiceStrings(typed + "llo", typed + "lp", typed + "ro").queue(null, FAILED);
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        event.deferEdit().queue(null, FAILED);
    }

    @Override
    public void onStringSelectInteraction(StringSelectInteractionEvent event) {
        event.reply("Role set: " + String.join(", ", event.getValues())).setEphemeral(true).queue(null, FAILED);
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        later(20 + ThreadLocalRandom.current().nextLong(80),
                () -> event.reply("Thanks for the feedback!").setEphemeral(true).queue(null, FAILED));
    }

    @Override
    public void onUserContextInteraction(UserContextInteractionEvent event) {
        event.reply(event.getTarget().getName() + " joined a while ago").setEphemeral(true).queue(null, FAILED);
    }

    /**
     * When an answer fails. An interaction the bot answered too late (10062, Discord's 3-second deadline),
     * and the follow-ups that then fail with it, are counted by Argus and shown on the dashboard, so a log
     * line each would only repeat them (DEBUG), as would an answer the bot's own shutdown interrupted;
     * anything else is worth a WARN line (without a stack trace: the cause is the response).
     */
    private static final Consumer<Throwable> FAILED = error -> {
        if (error instanceof ErrorResponseException e && e.getErrorResponse() == ErrorResponse.UNKNOWN_INTERACTION) {
            LOG.debug("An answer came too late: {}", e.getMeaning());
        } else if (error instanceof InteractionFailureException) {
            LOG.debug("A follow-up failed with its interaction: {}", error.getMessage());
        } else if (cutShortByShutdown(error)) {
            LOG.debug("An answer was cut short by the bot's shutdown: {}", error.toString());
        } else {
            LOG.warn("An answer failed: {}", error.toString());
        }
    };

    /**
     * Whether {@code error} is a request JDA's shutdown interrupted (JDA reports it as error -1 caused by
     * an {@code InterruptedIOException}): the bot is stopping on purpose, so it is no WARN line.
     */
    static boolean cutShortByShutdown(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedIOException || t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code answer} after {@code millis} on this listener's scheduler; nothing once it is closed. */
    private void later(long millis, Runnable answer) {
        try {
            later.schedule(() -> {
                try {
                    answer.run();
                } catch (RejectedExecutionException shuttingDown) {
                    // The bot shut down between scheduling and answering: nothing to answer with.
                } catch (RuntimeException e) {
                    LOG.warn("A delayed answer failed: {}", e.toString());
                }
            }, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // close() ran: the bot is stopping and answers nothing more.
        }
    }

    /** Stops the delayed answers (those not sent yet are dropped). Call it before shutting the bot down. */
    @Override
    public void close() {
        later.shutdownNow();
    }
}
