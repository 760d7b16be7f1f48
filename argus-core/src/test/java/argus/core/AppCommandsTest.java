package argus.core;

import argus.api.config.ArgusConfig;
import argus.api.metrics.HistogramPoint;
import argus.discord.local.LocalDiscord;
import argus.discord.local.LocalRest;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.http.HttpRequestEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.requests.Route;
import net.dv8tion.jda.api.hooks.EventListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

import static argus.core.LocalBot.GUILD;
import static argus.core.LocalBot.T;
import static argus.core.Metrics.await;
import static argus.core.Metrics.count;
import static argus.core.Metrics.histogram;
import static argus.core.Metrics.total;
import static argus.core.Metrics.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Application commands: {@code discord_app_commands_total{command,status}},
 * {@code discord_command_errors_total{command,error_type}} and
 * {@code discord_app_command_duration_seconds{command}}, for every way a command can end.
 */
class AppCommandsTest {
    private static final String CALLBACK = "interactions/\\d+/[^/]+/callback";
    private static final Duration EXPIRED = Duration.ofMinutes(16); // interaction tokens live 15 minutes

    private static final ScriptedBot bot = new ScriptedBot();
    private static final List<GenericEvent> laterListener = new CopyOnWriteArrayList<>();
    private static LocalBot local;
    private Argus argus;

    @BeforeAll
    static void connect() {
        EventListener after = laterListener::add;
        local = LocalBot.connect(bot, after);
    }

    @AfterAll
    static void close() {
        local.close();
    }

    @BeforeEach
    void attach() {
        bot.staysSilent();
        laterListener.clear();
        local.discord.rest().clearFaults();
        argus = local.attach();
    }

    private SlashCommandInteractionEvent ping() {
        local.dispatch(Payloads.slashCommand(GUILD, "ping"));
        return bot.last();
    }

    @Test
    void aCallbackTheBotSendsThroughItsOwnRestAction_completesTheCommandToo() {
        // Not one of JDA's callback actions: Argus finds the interaction by parsing the route instead.
        bot.answers(e -> new net.dv8tion.jda.internal.requests.RestActionImpl<Void>(e.getJDA(),
                net.dv8tion.jda.api.requests.Route.Interactions.CALLBACK.compile(e.getId(),
                        ((SlashCommandInteractionEvent) e).getToken()),
                net.dv8tion.jda.api.utils.data.DataObject.empty().put("type", 4)
                        .put("data", net.dv8tion.jda.api.utils.data.DataObject.empty().put("content", "pong"))).queue());

        ping();

        await(argus, 1, "discord_app_commands", "ping", "success");
        assertThat(count(argus, "discord_app_command_duration_seconds", "ping")).isEqualTo(1);
        assertThat(value(argus, "discord_interactions", "slash_command", "acknowledged")).isEqualTo(1);
        assertThat(value(argus, "argus_timers_in_flight")).isZero();
    }

    @Test
    void aReplyCompletesTheCommandSuccessfullyWithOneDuration() {
        bot.answers(e -> ((SlashCommandInteractionEvent) e).reply("pong").queue());

        ping();

        await(argus, 1, "discord_app_commands", "ping", "success");
        assertThat(total(argus, "discord_app_commands")).isEqualTo(1);
        assertThat(count(argus, "discord_app_command_duration_seconds", "ping")).isEqualTo(1);
        assertThat(value(argus, "discord_interactions", "slash_command", "acknowledged")).isEqualTo(1);
        assertThat(Metrics.points(argus, "discord_command_errors")).isEmpty();
        assertThat(value(argus, "argus_timers_in_flight")).isZero();
    }

    @Test
    void aDeferredReplyIsAcknowledgedAtTheDeferralAndCompletedByTheFollowUp() {
        bot.answers(e -> ((SlashCommandInteractionEvent) e).deferReply().queue());
        SlashCommandInteractionEvent e = ping();
        await(argus, 1, "discord_interactions", "slash_command", "acknowledged");
        assertThat(Metrics.points(argus, "discord_app_commands")).as("not complete at the deferral").isEmpty();
        assertThat(value(argus, "argus_timers_in_flight")).isEqualTo(1);

        local.discord.rest().delay("POST", "webhooks/\\d+/[^/]+", 1, Duration.ofMillis(300));
        e.getHook().sendMessage("done").complete();

        await(argus, 1, "discord_app_commands", "ping", "success");
        HistogramPoint duration = histogram(argus, "discord_app_command_duration_seconds", "ping");
        assertThat(duration.count()).isEqualTo(1);
        assertThat(duration.sum()).isGreaterThanOrEqualTo(0.3);
        HistogramPoint ack = histogram(argus, "discord_interaction_ack_latency_seconds", "slash_command");
        assertThat(ack.count()).isEqualTo(1);
        assertThat(ack.sum()).isLessThan(duration.sum());
        assertThat(value(argus, "discord_interactions", "slash_command", "acknowledged")).isEqualTo(1);
        assertThat(value(argus, "argus_timers_in_flight")).isZero();
    }

    /**
     * JDA hands a deferral's success callback to its callback pool and then fires the deferral's
     * HttpRequestEvent; a follow-up the bot sends from that callback can complete, and its event be
     * handled, before the deferral's event (seen on a busy machine). The real events of one deferred
     * command are replayed to a fresh Argus in that order: the command still completes.
     */
    @Test
    void aFollowUpSeenBeforeItsDeferralStillCompletesTheCommand() {
        bot.answers(e -> ((SlashCommandInteractionEvent) e).deferReply().queue(hook -> hook.sendMessage("done").queue()));
        SlashCommandInteractionEvent interaction = ping();
        await(argus, 1, "discord_app_commands", "ping", "success");
        HttpRequestEvent deferral = request(Route.Interactions.CALLBACK);
        HttpRequestEvent followUp = request(Route.Interactions.CREATE_FOLLOWUP);

        bot.staysSilent();
        Argus fresh = local.attach(); // a new registry sees the replay only
        local.jda.getEventManager().handle(interaction);
        local.jda.getEventManager().handle(followUp);
        local.jda.getEventManager().handle(deferral);

        assertThat(value(fresh, "discord_app_commands", "ping", "success")).isEqualTo(1);
        assertThat(value(fresh, "discord_interactions", "slash_command", "acknowledged")).isEqualTo(1);
        assertThat(value(fresh, "argus_timers_in_flight")).isZero();
    }

    /** The one HttpRequestEvent of this route that the listener after Argus saw. */
    private static HttpRequestEvent request(Route route) {
        LocalDiscord.waitUntil(() -> laterListener.stream().anyMatch(ev -> ev instanceof HttpRequestEvent h
                && h.getRoute().getBaseRoute() == route), T, () -> "no " + route + " seen");
        return laterListener.stream().filter(ev -> ev instanceof HttpRequestEvent h && h.getRoute().getBaseRoute() == route)
                .map(HttpRequestEvent.class::cast).findFirst().orElseThrow();
    }

    @Test
    void aDeferredReplyIsCompletedByEditingTheOriginal() {
        bot.answers(e -> ((SlashCommandInteractionEvent) e).deferReply().queue());
        SlashCommandInteractionEvent e = ping();
        await(argus, 1, "discord_interactions", "slash_command", "acknowledged");

        local.discord.rest().delay("PATCH", "webhooks/\\d+/[^/]+/messages/@original", 1, Duration.ofMillis(300));
        e.getHook().editOriginal("done").complete();

        await(argus, 1, "discord_app_commands", "ping", "success");
        assertThat(histogram(argus, "discord_app_command_duration_seconds", "ping").sum()).isGreaterThanOrEqualTo(0.3);
        assertThat(count(argus, "discord_app_command_duration_seconds", "ping")).isEqualTo(1);
    }

    @Test
    void aListenerExceptionMakesTheCommandAnErrorOfItsTypeWhileJdaStillLogsItAndLaterListenersRun() {
        bot.answers(e -> {
            ((SlashCommandInteractionEvent) e).deferReply().queue();
            throw new IllegalStateException("handler bug");
        });
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        SlashCommandInteractionEvent e;
        try {
            e = ping();
        } finally {
            System.setErr(original);
        }
        await(argus, 1, "discord_interactions", "slash_command", "acknowledged");
        e.getHook().sendMessage("sorry").complete();

        await(argus, 1, "discord_app_commands", "ping", "error");
        assertThat(value(argus, "discord_command_errors", "ping", "IllegalStateException")).isEqualTo(1);
        assertThat(total(argus, "discord_command_errors")).isEqualTo(1);
        assertThat(total(argus, "discord_app_commands")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("One of the EventListeners had an uncaught exception")
                .contains("IllegalStateException: handler bug");
        assertThat(laterListener).filteredOn(SlashCommandInteractionEvent.class::isInstance).hasSize(1);
        assertThat(argus.registry().errorCount("event")).isZero();
    }

    @Test
    void aListenerExceptionWithoutAnAnswerExpiresWithThatErrorNotNoResponse() {
        bot.answers(e -> {
            throw new IllegalArgumentException("bad option");
        });
        ping();

        argus.houseKeep(System.currentTimeMillis() + EXPIRED.toMillis());

        assertThat(value(argus, "discord_app_commands", "ping", "error")).isEqualTo(1);
        assertThat(value(argus, "discord_command_errors", "ping", "IllegalArgumentException")).isEqualTo(1);
        assertThat(value(argus, "discord_command_errors", "ping", "no_response")).isNaN();
        assertThat(value(argus, "discord_interactions", "slash_command", "expired")).isEqualTo(1);
    }

    @Test
    void anUnknownInteractionAnswerFailsTheInteractionAndTheCommand() {
        local.discord.rest().fault("POST", CALLBACK, 1, LocalRest.Reply.unknownInteraction());
        bot.answers(e -> ((SlashCommandInteractionEvent) e).reply("too late").queue(ok -> { }, failure -> { }));

        ping();

        await(argus, 1, "discord_command_errors", "ping", "UNKNOWN_INTERACTION"); // counted last
        assertThat(value(argus, "discord_app_commands", "ping", "error")).isEqualTo(1);
        assertThat(value(argus, "discord_interactions", "slash_command", "failed")).isEqualTo(1);
        assertThat(value(argus, "discord_interactions", "slash_command", "acknowledged")).isNaN();
        assertThat(count(argus, "discord_app_command_duration_seconds", "ping")).isEqualTo(1);
        assertThat(count(argus, "discord_interaction_ack_latency_seconds", "slash_command")).isZero();
    }

    @Test
    void explicitCompleteEndsAnUnansweredCommandAsManualSuccess() {
        SlashCommandInteractionEvent e = ping();

        assertThat(argus.complete(e)).isTrue();
        assertThat(argus.complete(e)).as("already resolved").isFalse();

        assertThat(value(argus, "discord_interactions", "slash_command", "manual")).isEqualTo(1);
        assertThat(value(argus, "discord_app_commands", "ping", "success")).isEqualTo(1);
        assertThat(count(argus, "discord_app_command_duration_seconds", "ping")).isEqualTo(1);
        assertThat(value(argus, "argus_timers_in_flight")).isZero();
    }

    @Test
    void explicitCompleteAfterADeferralKeepsTheAcknowledgement() {
        bot.answers(e -> ((SlashCommandInteractionEvent) e).deferReply().queue());
        SlashCommandInteractionEvent e = ping();
        await(argus, 1, "discord_interactions", "slash_command", "acknowledged");

        assertThat(argus.complete(e)).isTrue();

        assertThat(value(argus, "discord_interactions", "slash_command", "manual")).isNaN();
        assertThat(value(argus, "discord_app_commands", "ping", "success")).isEqualTo(1);
    }

    @Test
    void explicitFailEndsTheCommandWithTheErrorsType() {
        SlashCommandInteractionEvent e = ping();

        assertThat(argus.fail(e, new TimeoutException("backend slow"))).isTrue();

        assertThat(value(argus, "discord_app_commands", "ping", "error")).isEqualTo(1);
        assertThat(value(argus, "discord_command_errors", "ping", "TimeoutException")).isEqualTo(1);
        assertThat(value(argus, "discord_interactions", "slash_command", "manual")).isEqualTo(1);
    }

    @Test
    void anUnansweredInteractionExpiresThroughHousekeeping() {
        ping();
        argus.houseKeep(System.currentTimeMillis());
        assertThat(value(argus, "argus_timers_in_flight")).as("not yet 15 minutes old").isEqualTo(1);

        argus.houseKeep(System.currentTimeMillis() + EXPIRED.toMillis());

        assertThat(value(argus, "discord_interactions", "slash_command", "expired")).isEqualTo(1);
        assertThat(value(argus, "argus_timers_evicted", "expired")).isEqualTo(1);
        assertThat(value(argus, "discord_app_commands", "ping", "error")).isEqualTo(1);
        assertThat(value(argus, "discord_command_errors", "ping", "no_response")).isEqualTo(1);
        assertThat(value(argus, "argus_timers_in_flight")).isZero();
    }

    @Test
    void aDeferredCommandThatNeverFollowsUpExpiresAsACommandErrorNotASecondInteraction() {
        bot.answers(e -> ((SlashCommandInteractionEvent) e).deferReply().queue());
        ping();
        await(argus, 1, "discord_interactions", "slash_command", "acknowledged");

        argus.houseKeep(System.currentTimeMillis() + EXPIRED.toMillis());

        // The interaction was acknowledged (the deferral); only the command never answered.
        assertThat(value(argus, "discord_interactions", "slash_command", "acknowledged")).isEqualTo(1);
        assertThat(value(argus, "discord_interactions", "slash_command", "expired")).isNaN();
        assertThat(value(argus, "argus_timers_evicted", "expired")).isEqualTo(1);
        assertThat(value(argus, "discord_command_errors", "ping", "no_response")).isEqualTo(1);
        assertThat(value(argus, "argus_timers_in_flight")).isZero();
    }

    @Test
    void aDeferredCommandPushedOutByTheCapIsNotCountedAsASecondInteraction() {
        argus = local.attach(b -> b.timerCap(1));
        bot.answers(e -> {
            if (((SlashCommandInteractionEvent) e).getName().equals("ping")) {
                ((SlashCommandInteractionEvent) e).deferReply().queue();
            }
        });
        ping();
        await(argus, 1, "discord_interactions", "slash_command", "acknowledged");

        local.dispatch(Payloads.slashCommand(GUILD, "roll")); // the cap of 1 evicts the deferred ping

        assertThat(value(argus, "argus_timers_evicted", "capacity")).isEqualTo(1);
        assertThat(value(argus, "discord_interactions", "slash_command", "acknowledged")).isEqualTo(1);
        assertThat(value(argus, "discord_interactions", "slash_command", "evicted")).isNaN();
    }

    @Test
    void theTimerCapEvictsTheOldestUnansweredInteraction() {
        argus = local.attach(b -> b.timerCap(2));

        ping();
        ping();
        ping();

        assertThat(value(argus, "argus_timers_evicted", "capacity")).isEqualTo(1);
        assertThat(value(argus, "argus_timers_in_flight")).isEqualTo(2);
        assertThat(value(argus, "discord_interactions", "slash_command", "evicted")).isEqualTo(1);
        assertThat(Metrics.points(argus, "discord_app_commands")).as("an evicted command is not judged").isEmpty();
    }

    /** timer_cap applied live (Config Admin's in-place update): timers in flight stay; a smaller cap evicts, counted. */
    @Test
    void aTimerCapEditKeepsTimersInFlightAndAShrinkEvictsTheOldestCounted() {
        argus = local.attach(b -> b.timerCap(10));
        for (int i = 0; i < 5; i++) {
            ping();
        }
        assertThat(value(argus, "argus_timers_in_flight")).isEqualTo(5);

        argus.reconfigure(ArgusConfig.resolve(java.util.Map.of("timer_cap", "1000"), java.util.Map.of()));
        assertThat(value(argus, "argus_timers_in_flight")).as("a raised cap keeps every timer").isEqualTo(5);
        assertThat(value(argus, "argus_timers_evicted", "capacity")).isNaN();

        argus.reconfigure(ArgusConfig.resolve(java.util.Map.of("timer_cap", "2"), java.util.Map.of()));
        assertThat(value(argus, "argus_timers_in_flight")).isEqualTo(2);
        assertThat(value(argus, "argus_timers_evicted", "capacity")).as("never silently").isEqualTo(3);
        assertThat(value(argus, "discord_interactions", "slash_command", "evicted")).isEqualTo(3);
        assertThat(argus.health()).as("applied, no restart needed").doesNotContainKey("restart:core");

        ping();   // the new cap bounds the table from now on
        assertThat(value(argus, "argus_timers_in_flight")).isEqualTo(2);
        assertThat(value(argus, "argus_timers_evicted", "capacity")).isEqualTo(4);
    }
}
