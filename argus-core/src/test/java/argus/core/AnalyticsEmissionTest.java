package argus.core;

import argus.api.sink.AnalyticsEvent;
import argus.api.sink.EventKind;
import argus.discord.local.LocalDiscord;
import argus.discord.local.LocalRest;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static argus.core.LocalBot.GUILD;
import static argus.core.LocalBot.T;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analytics path: with {@code enable_per_guild} and {@code clickhouse_dsn} set, core binds the
 * highest-priority sink (here {@link RecordingSinkProvider}) and emits one {@code interaction} row per
 * interaction and one {@code app_command} row per application command; with analytics off no
 * provider is even asked.
 */
class AnalyticsEmissionTest {
    private static final ScriptedBot bot = new ScriptedBot();
    private static LocalBot local;
    private Argus argus;
    private long before;

    @BeforeAll
    static void connect() {
        local = LocalBot.connect(bot);
    }

    @AfterAll
    static void close() {
        local.close();
    }

    private static final String CALLBACK = "interactions/\\d+/[^/]+/callback";
    private static final Duration RESPONSE_DELAY = Duration.ofMillis(25);

    @BeforeEach
    void attachWithAnalytics() {
        RecordingSinkProvider.reset(false);
        local.discord.rest().clearFaults();
        bot.answers(e -> {
            if (e instanceof SlashCommandInteractionEvent s) {
                s.reply("pong").queue(ok -> { }, failure -> { });
            } else if (e instanceof ButtonInteractionEvent b) {
                b.deferEdit().queue();
            }
        });
        argus = local.attach(b -> b.enablePerGuild(true).clickhouseDsn("http://localhost:8123").clusterId("eu-1"));
        before = System.currentTimeMillis();
    }

    private List<AnalyticsEvent> awaitEvents(int n) {
        RecordingSinkProvider.RecordingSink sink = RecordingSinkProvider.last;
        LocalDiscord.waitUntil(() -> sink.events.size() >= n, T, () -> "sink has " + sink.events);
        return List.copyOf(sink.events);
    }

    @Test
    void theRecordingSinkIsTheBoundSink() {
        assertThat(argus.sink()).containsSame(RecordingSinkProvider.last);
        assertThat(RecordingSinkProvider.OPENS).hasValue(1);
    }

    @Test
    void aGuildCommandWritesOneInteractionRowAndOneAppCommandRow() {
        // The callback's response is held back, so the durations (receipt to the response's arrival,
        // in milliseconds) cannot round to 0 on a fast loopback.
        local.discord.rest().fault("POST", CALLBACK, 1, LocalRest.Reply.delayed(RESPONSE_DELAY));
        local.dispatch(Payloads.slashCommand(GUILD, "ping"));

        List<AnalyticsEvent> rows = awaitEvents(2);
        assertThat(rows).hasSize(2);
        AnalyticsEvent interaction = rows.get(0);
        AnalyticsEvent command = rows.get(1);
        assertThat(interaction.event()).isEqualTo(EventKind.INTERACTION);
        assertThat(command.event()).isEqualTo(EventKind.APP_COMMAND);
        for (AnalyticsEvent row : rows) {
            assertThat(row.guildId()).isEqualTo(GUILD);
            assertThat(row.guildIdText()).isEqualTo(Long.toString(GUILD));
            assertThat(row.type()).isEqualTo("slash_command");
            assertThat(row.command()).isEqualTo("ping");
            assertThat(row.errorType()).isEmpty();
            assertThat(row.shardId()).isZero();
            assertThat(row.clusterId()).isEqualTo("eu-1");
            assertThat(row.durationMs()).isGreaterThanOrEqualTo(RESPONSE_DELAY.toMillis());
            assertThat(row.epochMillis()).isBetween(before, System.currentTimeMillis());
        }
        assertThat(interaction.outcome()).isEqualTo("acknowledged");
        assertThat(command.outcome()).isEqualTo("success");
        assertThat(command.durationMs()).isGreaterThanOrEqualTo(interaction.durationMs());
        // Whole milliseconds, by design (README: the duration_ms row): two millisecond stamps, one clock read.
        assertThat(command.durationMs()).isEqualTo(Math.rint(command.durationMs()));
        assertThat(interaction.durationMs()).isEqualTo(Math.rint(interaction.durationMs()));
    }

    @Test
    void aSubcommandIsNamedInFullInTheRowsAndTheSeries_asArgusDpyNamesIt() {
        // argus-dpy writes discord.py's qualified_name ("config set"): the same full name here, so one
        // subcommand is one command in a mixed fleet, not "config" here and "config set" there.
        local.dispatch(Payloads.slashCommand(GUILD, "config", "set"));
        local.dispatch(Payloads.slashCommand(GUILD, "admin", "user", "ban"));
        local.dispatch(Payloads.slashCommand(GUILD, "config", "set")); // the cached name, same answer

        List<AnalyticsEvent> rows = awaitEvents(6);
        assertThat(rows).extracting(AnalyticsEvent::command)
                .containsExactlyInAnyOrder("config set", "config set", "admin user ban", "admin user ban", "config set",
                        "config set"); // replies are queued: their order is JDA's
        Metrics.await(argus, 2, "discord_app_commands", "config set", "success");
        Metrics.await(argus, 1, "discord_app_commands", "admin user ban", "success");
        assertThat(Metrics.count(argus, "discord_app_command_duration_seconds", "config set")).isEqualTo(2);
        assertThat(Metrics.points(argus, "discord_app_commands")).extracting(p -> p.labels().get("command"))
                .doesNotContain("config", "admin");
    }

    @Test
    void aComponentInADmWritesOnlyAnInteractionRowWithAnEmptyGuild() {
        local.discord.rest().fault("POST", CALLBACK, 1, LocalRest.Reply.delayed(RESPONSE_DELAY));
        local.dispatch(Payloads.button(0, "argus:ok"));

        AnalyticsEvent row = awaitEvents(1).get(0);
        assertThat(row.event()).isEqualTo(EventKind.INTERACTION);
        assertThat(row.guildId()).isZero();
        assertThat(row.guildIdText()).isEmpty();
        assertThat(row.type()).isEqualTo("button");
        assertThat(row.command()).isEmpty();
        assertThat(row.outcome()).isEqualTo("acknowledged");
        assertThat(row.clusterId()).isEqualTo("eu-1");
        assertThat(row.durationMs()).isGreaterThanOrEqualTo(RESPONSE_DELAY.toMillis());
        // a later command's rows follow; the button wrote exactly one
        local.dispatch(Payloads.slashCommand(0, "ping"));
        assertThat(awaitEvents(3)).extracting(AnalyticsEvent::event)
                .containsExactly(EventKind.INTERACTION, EventKind.INTERACTION, EventKind.APP_COMMAND);
    }

    @Test
    void aFailedCallbackWritesTheFailureAndItsDiscordErrorName() {
        local.discord.rest().fault("POST", "interactions/\\d+/[^/]+/callback", 1, LocalRest.Reply.unknownInteraction());

        local.dispatch(Payloads.slashCommand(GUILD, "ping"));

        List<AnalyticsEvent> rows = awaitEvents(2);
        assertThat(rows.get(0).outcome()).isEqualTo("failed");
        assertThat(rows.get(0).errorType()).isEmpty();
        assertThat(rows.get(1).outcome()).isEqualTo("error");
        assertThat(rows.get(1).errorType()).isEqualTo("UNKNOWN_INTERACTION");
    }

    @Test
    void closingArgusClosesTheSink() {
        RecordingSinkProvider.RecordingSink sink = RecordingSinkProvider.last;

        local.detach();

        assertThat(sink.closed).isTrue();
    }

    @Test
    void withAnalyticsOffNoProviderIsConsultedAndNothingIsRecorded() {
        RecordingSinkProvider.reset(false);
        argus = local.attach(); // neither enable_per_guild nor clickhouse_dsn

        local.dispatch(Payloads.slashCommand(GUILD, "ping"));
        Metrics.await(argus, 1, "discord_app_commands", "ping", "success");

        assertThat(RecordingSinkProvider.OPENS).hasValue(0);
        assertThat(RecordingSinkProvider.last).isNull();
        assertThat(argus.sink()).isEmpty();
    }

    @Test
    void enablePerGuildWithoutADsnIsStillOff() {
        RecordingSinkProvider.reset(false);
        argus = local.attach(b -> b.enablePerGuild(true));

        assertThat(RecordingSinkProvider.OPENS).hasValue(0);
        assertThat(argus.sink()).isEmpty();
    }
}
