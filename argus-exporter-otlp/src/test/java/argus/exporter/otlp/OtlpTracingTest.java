package argus.exporter.otlp;

import argus.api.health.Health;
import argus.core.Argus;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static argus.exporter.otlp.OtlpMetricsPushTest.attributes;
import static argus.exporter.otlp.OtlpMetricsPushTest.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tracing against a real OTLP receiver, decoding {@code ExportTraceServiceRequest} with the protocol's
 * own classes: a real JDA bot on a local Discord answers commands (at once, deferred, with a handler
 * error) and a button; each interaction is one span from receipt to end, with guild-free attributes,
 * and the spans agree with Argus' own counters for the same traffic.
 */
class OtlpTracingTest {
    private static final Duration FOLLOW_UP_DELAY = Duration.ofMillis(300);
    private static LocalDiscord discord;
    private static JDA jda;
    private OtlpReceiver receiver;

    /** Answers {@code /ping} at once, {@code /slow} with a deferral and a follow-up, {@code /boom} with a deferral and an error. */
    static final class Bot extends ListenerAdapter {
        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            switch (event.getName()) {
                case "ping" -> event.reply("pong").queue();
                case "slow" -> event.deferReply().queue(hook -> hook.sendMessage("done").queue());
                case "boom" -> {
                    event.deferReply().queue(hook -> hook.sendMessage("sorry").queue());
                    throw new IllegalStateException("handler bug");
                }
                default -> { }
            }
        }

        @Override
        public void onButtonInteraction(ButtonInteractionEvent event) {
            event.reply("clicked").queue();
        }
    }

    @BeforeAll
    static void connect() {
        discord = LocalDiscord.start();
        jda = discord.jda().listeners(new Bot()).connect();
    }

    @AfterAll
    static void disconnect() {
        discord.close();
    }

    @BeforeEach
    void receiver() throws Exception {
        receiver = OtlpReceiver.start();
    }

    @org.junit.jupiter.api.AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private Argus argus(boolean tracing) {
        return Argus.builder(jda).port(0).environment(Map.of()).closeOnShutdown(false).clusterId("eu-1")
                .set("otlp_endpoint", receiver.uri().toString()).set("otlp_metrics", "false")
                .set("otlp_service_name", "mybot").set("tracing", String.valueOf(tracing)).start();
    }

    @Test
    void eachInteractionIsOneSpanFromReceiptToEndWithGuildFreeAttributesAgreeingWithTheCounters() throws Exception {
        Argus argus = argus(true);
        Set<String> ids = new HashSet<>(Set.of(Long.toString(Payloads.DEFAULT_GUILD_ID), Long.toString(Payloads.USER_ID),
                Long.toString(Payloads.channelIdFor(Payloads.DEFAULT_GUILD_ID)), Long.toString(Payloads.SELF_ID)));
        long before;
        long after;
        try {
            before = System.currentTimeMillis();
            discord.rest().delay("POST", "webhooks/\\d+/[^/]+", 2, FOLLOW_UP_DELAY); // both follow-ups wait
            for (String command : List.of("ping", "ping", "slow", "boom")) {
                ids.add(Long.toString(discord.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, command))));
            }
            ids.add(Long.toString(discord.dispatchInteraction(Payloads.button(Payloads.DEFAULT_GUILD_ID, "next"))));
            await(() -> argus.registry().value("discord_app_commands", "boom", "error") == 1
                    && argus.registry().value("discord_app_commands", "slow", "success") == 1
                    && argus.registry().value("discord_interactions", "button", "acknowledged") == 1, () -> "traffic");
            after = System.currentTimeMillis();
            // Exported by the batch processor's own thread (within its 5 s delay), before any stop.
            await(() -> receiver.spans().size() >= 5, () -> "spans exported: " + receiver.spans().size());
            await(() -> up(argus, "tracing") && argus.health().get("tracing").detail().startsWith("exported"),
                    () -> "tracing health: " + argus.health());
        } finally {
            argus.close();
        }

        List<Span> spans = receiver.spans();
        assertThat(spans).hasSize(5);
        assertThat(spans).extracting(Span::getName).containsExactlyInAnyOrder(
                "slash_command ping", "slash_command ping", "slash_command slow", "slash_command boom", "button");
        Set<String> traceIds = new HashSet<>();
        for (Span s : spans) {
            Map<String, String> a = attributes(s.getAttributesList());
            assertThat(a.keySet()).as(s.getName()).isSubsetOf("type", "command", "outcome", "cluster", "error.type");
            assertThat(a).containsEntry("cluster", "eu-1");
            for (String value : a.values()) {
                assertThat(ids).as("no id in %s's attributes", s.getName()).noneMatch(value::contains);
            }
            assertThat(ids).noneMatch(s.getName()::contains);
            assertThat(s.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
            assertThat(s.getParentSpanId().isEmpty()).as("a root span").isTrue();
            assertThat(traceIds.add(s.getTraceId().toStringUtf8())).as("one trace per interaction").isTrue();
            assertThat(millis(s.getStartTimeUnixNano())).isBetween(before, after);
            assertThat(millis(s.getEndTimeUnixNano())).isBetween(millis(s.getStartTimeUnixNano()), after);
        }

        Span slow = named(spans, "slash_command slow");
        assertThat(attributes(slow.getAttributesList())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "type", "slash_command", "command", "slow", "outcome", "success", "cluster", "eu-1"));
        assertThat(millis(slow.getEndTimeUnixNano() - slow.getStartTimeUnixNano()))
                .as("receipt to the follow-up, not to the deferral").isGreaterThanOrEqualTo(FOLLOW_UP_DELAY.toMillis());
        assertThat(slow.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);

        Span boom = named(spans, "slash_command boom");
        assertThat(attributes(boom.getAttributesList())).containsEntry("outcome", "error")
                .containsEntry("error.type", "IllegalStateException");
        assertThat(boom.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);

        Span button = named(spans, "button");
        assertThat(attributes(button.getAttributesList())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "type", "button", "outcome", "acknowledged", "cluster", "eu-1"));

        // The spans count what the counters count, command by command and outcome by outcome.
        Map<String, Integer> bySeries = new TreeMap<>();
        for (Span s : spans) {
            Map<String, String> a = attributes(s.getAttributesList());
            bySeries.merge(a.get("type") + "/" + a.getOrDefault("command", "") + "/" + a.get("outcome"), 1, Integer::sum);
        }
        assertThat(bySeries).containsExactlyInAnyOrderEntriesOf(Map.of(
                "slash_command/ping/success", (int) argus.registry().value("discord_app_commands", "ping", "success"),
                "slash_command/slow/success", (int) argus.registry().value("discord_app_commands", "slow", "success"),
                "slash_command/boom/error", (int) argus.registry().value("discord_app_commands", "boom", "error"),
                "button//acknowledged", (int) argus.registry().value("discord_interactions", "button", "acknowledged")));
        assertThat(argus.registry().value("discord_app_commands", "ping", "success")).isEqualTo(2);

        var resource = attributes(receiver.traces.get(0).request().getResourceSpans(0).getResource().getAttributesList());
        assertThat(resource).containsEntry("service.name", "mybot").containsEntry("service.instance.id", "eu-1");
        assertThat(receiver.metrics).as("otlp_metrics=false: spans only").isEmpty();
    }

    @Test
    void aReceiverThatRefusesSpansShowsAsTracingDownAndTheBotIsUnaffected() throws Exception {
        Argus argus = argus(true);
        try {
            receiver.refuseWith(503);
            discord.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, "ping"));
            await(() -> argus.health().containsKey("tracing") && !argus.health().get("tracing").up(),
                    () -> "tracing down: " + argus.health());
            assertThat(argus.health().get("tracing").detail()).contains("answered 503");
            assertThat(argus.registry().value("argus_subsystem_up", "tracing")).isEqualTo(0.0);
            assertThat(argus.registry().value("discord_app_commands", "ping", "success")).as("the bot's metrics")
                    .isEqualTo(1.0);

            receiver.refuseWith(0);
            discord.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, "ping"));
            await(() -> up(argus, "tracing"), () -> "tracing up again: " + argus.health());
            assertThat(receiver.spans()).hasSize(1); // the refused batch is dropped, not retried forever
        } finally {
            argus.close();
        }
    }

    @Test
    void withTracingOffNoSpanIsRecordedOrSent() throws Exception {
        Argus argus = argus(false);
        try {
            discord.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, "ping"));
            await(() -> argus.registry().value("discord_app_commands", "ping", "success") == 1, () -> "ping");
            assertThat(argus.health()).doesNotContainKey("tracing");
        } finally {
            argus.close(); // a tracer would flush here
        }
        assertThat(receiver.traces).isEmpty();
    }

    private static Span named(List<Span> spans, String name) {
        List<Span> found = new ArrayList<>();
        for (Span s : spans) {
            if (s.getName().equals(name)) {
                found.add(s);
            }
        }
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static boolean up(Argus argus, String subsystem) {
        Health h = argus.health().get(subsystem);
        return h != null && h.up();
    }
}
