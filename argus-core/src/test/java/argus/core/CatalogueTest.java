package argus.core;

import argus.api.metrics.DataPoint;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricsSnapshot;
import argus.core.Catalogue.Metric;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static argus.core.LocalBot.GUILD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue is the one definition: what a running Argus registers, and what the README's metric
 * table documents, are both exactly {@link Catalogue#all()}.
 */
class CatalogueTest {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void namesAreUniqueAndFollowPrometheusConventions() {
        List<String> names = Catalogue.all().stream().map(Metric::name).toList();
        assertThat(names).doesNotHaveDuplicates();
        assertThat(names).allSatisfy(n -> assertThat(n).matches("(discord|argus)_[a-z0-9_]+"));
        assertThat(Catalogue.all()).filteredOn(m -> !m.unit().isEmpty())
                .allSatisfy(m -> assertThat(m.name()).endsWith("_" + m.unit()));
        assertThat(Catalogue.all()).filteredOn(m -> m.name().endsWith("_seconds"))
                .allSatisfy(m -> assertThat(m.unit()).isEqualTo("seconds"));
    }

    @Test
    void aRunningArgusRegistersExactlyTheCatalogueWithItsLabels() {
        EventListener pong = e -> {
            if (e instanceof SlashCommandInteractionEvent slash) {
                slash.reply("pong").queue();
            }
        };
        try (LocalBot local = LocalBot.connectInstrumented(pong)) {
            Argus argus = local.attach();
            // Traffic, so that labelled families have points whose label names can be checked.
            local.dispatch(Payloads.slashCommand(GUILD, "ping"));
            Metrics.await(argus, 1, "discord_app_commands", "ping", "success");
            argus.instrumentation().command("help", () -> { }); // a prefix command the bot declares
            local.jda.updateCommands().addCommands(Commands.slash("ping", "Pong")).complete();
            local.discord.gateway().awaitSession(0, LocalBot.T).requestReconnect();
            Metrics.await(argus, 1, "discord_shard_reconnects", "0");

            MetricsSnapshot s = argus.registry().snapshot();
            // Only Argus' own prefixes: metrics a bot adds through the registry are not the catalogue's.
            Map<String, MetricFamily> registered = s.families().stream()
                    .filter(f -> f.name().startsWith("discord_") || f.name().startsWith("argus_"))
                    .collect(Collectors.toMap(MetricFamily::name, f -> f, (a, b) -> a, LinkedHashMap::new));
            assertThat(registered.keySet())
                    .containsExactlyInAnyOrderElementsOf(Catalogue.all().stream().map(Metric::name).toList());

            int checkedLabels = 0;
            for (Metric m : Catalogue.all()) {
                MetricFamily f = registered.get(m.name());
                assertThat(f.type().name()).as(m.name()).isEqualTo(m.type().name());
                assertThat(f.help()).as(m.name()).isEqualTo(m.help());
                assertThat(f.unit()).as(m.name()).isEqualTo(m.unit());
                List<String> expected = new ArrayList<>(List.of("cluster"));
                expected.addAll(m.labels());
                for (DataPoint p : f.points()) {
                    assertThat(p.labels().names()).as(m.name()).isEqualTo(expected);
                    checkedLabels++;
                }
            }
            assertThat(checkedLabels).as("points whose label names were checked").isGreaterThan(30);
            assertThat(registered.values().stream().filter(f -> f.points().isEmpty()).map(MetricFamily::name))
                    .as("families without a point after the traffic above (their labels unchecked)")
                    .containsOnly("argus_config_rejected", "argus_label_overflow",
                            "discord_command_errors", "argus_timers_evicted", "argus_instrumentation_errors",
                            "discord_log_records"); // these tests' SLF4J backend is slf4j-simple: LogRecordsTest
        }
    }

    /**
     * argus-dpy's catalogue (the Python tool's series, every one also carrying {@code cluster}): name as
     * Prometheus stores it, type, label names. Kept here as a fixed list so a rename on either side
     * shows: a fleet mixing both shares dashboards and rules only while these match.
     */
    private static final Map<String, String> ARGUS_DPY = Map.ofEntries(
            Map.entry("discord_shard_latency_seconds", "gauge shard"),
            Map.entry("discord_shard_up", "gauge shard"),
            Map.entry("discord_shard_ws_ratelimited", "gauge shard"),
            Map.entry("discord_shards_connected", "gauge"),
            Map.entry("discord_shards_configured", "gauge"),
            Map.entry("discord_guilds", "gauge"),
            Map.entry("discord_cached_users", "gauge"),
            Map.entry("discord_voice_clients", "gauge"),
            Map.entry("discord_emojis", "gauge"),
            Map.entry("discord_stickers", "gauge"),
            Map.entry("discord_private_channels", "gauge"),
            Map.entry("discord_app_commands_registered", "gauge"),
            Map.entry("discord_uptime_seconds", "gauge"),
            Map.entry("discord_bot_info", "info"),
            Map.entry("argus_up", "gauge"),
            Map.entry("argus_subsystem_up", "gauge subsystem"),
            Map.entry("discord_interactions_total", "counter type status"),
            Map.entry("discord_app_commands_total", "counter command status"),
            Map.entry("discord_commands_total", "counter command status"),
            Map.entry("discord_command_errors_total", "counter command error_type"),
            Map.entry("discord_gateway_events_total", "counter event"),
            Map.entry("discord_shard_disconnects_total", "counter shard"),
            Map.entry("discord_shard_reconnects_total", "counter shard"),
            Map.entry("discord_log_records_total", "counter logger level"),
            Map.entry("discord_ratelimits_total", "counter"),
            Map.entry("argus_instrumentation_errors_total", "counter hook"),
            Map.entry("argus_history_events_dropped_total", "counter"),
            Map.entry("argus_timers_evicted_total", "counter"),
            Map.entry("discord_app_command_duration_seconds", "histogram command"),
            Map.entry("discord_command_duration_seconds", "histogram command"));

    /** What JDA cannot measure; the README's differences table says why, row by row. */
    private static final List<String> NOT_FOR_JDA = List.of();

    /**
     * Every argus-dpy series has the same name, type and label names here, in argus-dpy's order; an
     * extra label only where the compatibility column says "Java adds" it (a {@code sum} ignores it),
     * and {@code discord_bot_info}'s version labels, which name each library's own versions.
     */
    @Test
    void argusDpysSeriesHaveTheSameNamesTypesAndLabels() throws IOException {
        int same = 0;
        for (Map.Entry<String, String> dpy : ARGUS_DPY.entrySet()) {
            Metric m = Catalogue.all().stream().filter(c -> c.exposedName().equals(dpy.getKey())).findFirst()
                    .orElse(null);
            if (NOT_FOR_JDA.contains(dpy.getKey())) {
                assertThat(m).as(dpy.getKey()).isNull();
                assertThat(Files.readString(Path.of("..", "README.md"))).as("README explains " + dpy.getKey())
                        .containsPattern("\\| `" + dpy.getKey() + "[^|]*\\| [^|]+\\| not exposed: ");
                continue;
            }
            assertThat(m).as(dpy.getKey() + " is in the catalogue").isNotNull();
            List<String> expected = List.of(dpy.getValue().split(" "));
            assertThat(m.type().label()).as(dpy.getKey()).isEqualTo(expected.get(0));
            List<String> labels = expected.subList(1, expected.size());
            if (m.type() == Catalogue.Type.INFO) {
                assertThat(m.argusDpy()).isEqualTo("same name; labels differ");
            } else if (m.argusDpy().startsWith("same; Java adds `")) {
                String extra = m.argusDpy().substring("same; Java adds `".length(), m.argusDpy().length() - 1);
                List<String> withExtra = new ArrayList<>(labels);
                withExtra.add(extra);
                assertThat(m.labels()).as(dpy.getKey()).isEqualTo(withExtra);
            } else {
                assertThat(m.argusDpy()).as(dpy.getKey()).isEqualTo("same");
                assertThat(m.labels()).as(dpy.getKey()).isEqualTo(labels);
                same++;
            }
        }
        assertThat(same).isEqualTo(27);
        // The reverse: every family the catalogue calls compatible is argus-dpy's.
        assertThat(Catalogue.all()).filteredOn(m -> !m.argusDpy().equals("Java only"))
                .allSatisfy(m -> assertThat(ARGUS_DPY).containsKey(m.exposedName()));
    }

    /** The README's table, one row per family: name as Prometheus stores it, type, labels, argus-dpy. */
    @Test
    void theReadmeTableIsTheCatalogue() throws IOException {
        Map<String, String[]> rows = readmeRows();
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(
                Catalogue.all().stream().map(Metric::exposedName).toList());
        for (Metric m : Catalogue.all()) {
            String[] cells = rows.get(m.exposedName());
            assertThat(cells[1]).as(m.exposedName() + " type").isEqualTo(m.type().label());
            List<String> labels = new ArrayList<>();
            Matcher code = CODE.matcher(cells[2]);
            while (code.find()) {
                labels.add(code.group(1));
            }
            assertThat(labels).as(m.exposedName() + " labels").isEqualTo(m.labels());
            assertThat(cells[3]).as(m.exposedName() + " argus-dpy").isEqualTo(m.argusDpy());
        }
    }

    static Map<String, String[]> readmeRows() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("\n## Metrics\n");
        assertThat(start).as("README has a Metrics section").isPositive();
        String section = readme.substring(start + 1, readme.indexOf("\n## ", start + 1));
        Map<String, String[]> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : section.split("\n")) {
            if (line.startsWith("| metric | type | labels | argus-dpy |")) {
                inTable = true;
                continue;
            }
            if (inTable && !line.startsWith("|")) {
                break;
            }
            if (inTable && line.startsWith("| `")) {
                String[] cells = line.substring(1).split("\\|");
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = cells[i].strip();
                }
                Matcher name = CODE.matcher(cells[0]);
                assertThat(name.find()).as(line).isTrue();
                assertThat(rows.put(name.group(1), cells)).as("one row per family: " + line).isNull();
            }
        }
        assertThat(rows).as("rows of the metric table").isNotEmpty();
        return rows;
    }
}
