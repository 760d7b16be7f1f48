package argus.exporter.otlp;

import argus.api.config.ConfigException;
import argus.api.health.Health;
import argus.api.instrument.Sample;
import argus.api.metrics.DataPoint;
import argus.api.metrics.HistogramPoint;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricType;
import argus.api.metrics.MetricsSnapshot;
import argus.api.metrics.ValuePoint;
import argus.core.Argus;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * OTLP metrics push against a real receiver: what arrives, decoded with the OTLP protocol's own classes,
 * is checked metric by metric against Argus' registry snapshot for the same traffic (a real JDA bot on a
 * local Discord, Argus' Discord, JVM and self metrics and the bot's own); headers arrive; a receiver that
 * is down or refuses costs the bot nothing and shows as {@code argus_subsystem_up{subsystem="otlp"} 0}.
 */
class OtlpMetricsPushTest {
    private static final Duration T = Duration.ofSeconds(30);

    private static LocalDiscord discord;
    private static JDA jda;
    private static Argus traffic;

    /** A bot that answers everything, and times and counts its own work through Argus. */
    static final class Bot extends ListenerAdapter {
        volatile Argus argus;

        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            try (Sample t = argus.instrumentation().timer("db_query")) {
                argus.instrumentation().counter("lookups", "Lookups by command", "command").labels(event.getName()).inc();
            }
            if (event.getName().equals("boom")) {
                event.deferReply().queue(hook -> hook.sendMessage("sorry").queue());
                throw new IllegalStateException("handler bug");
            }
            event.reply("pong").queue();
        }

        @Override
        public void onButtonInteraction(ButtonInteractionEvent event) {
            event.reply("clicked").queue();
        }
    }

    @BeforeAll
    static void trafficThroughARealBot() {
        Bot bot = new Bot();
        discord = LocalDiscord.start();
        jda = discord.jda().listeners(bot).connect();
        traffic = Argus.builder(jda).port(0).environment(Map.of()).closeOnShutdown(false).clusterId("eu-1").start();
        bot.argus = traffic;
        traffic.instrumentation().gauge("queue_depth", "Replies queued by the bot", () -> 3);
        for (String command : List.of("ping", "ping", "boom", "help")) {
            discord.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, command));
        }
        discord.dispatchInteraction(Payloads.button(Payloads.DEFAULT_GUILD_ID, "next"));
        LocalDiscord.waitUntil(() -> traffic.registry().value("discord_app_commands", "boom", "error") == 1
                        && traffic.registry().value("discord_interactions", "button", "acknowledged") == 1,
                T, () -> "traffic not complete");
    }

    @AfterAll
    static void close() {
        traffic.close();
        discord.close();
    }

    @Test
    void everyMetricArrivesWithTheNamesAttributesAndValuesOfTheRegistry() throws Exception {
        MetricsSnapshot snapshot = traffic.registry().snapshot();
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            OtlpMetricsPusher pusher = OtlpMetricsPusher.start(receiver.uri(), Map.of(), "mybot", "eu-1", () -> snapshot,
                    Duration.ofHours(1));
            try {
                await(() -> !receiver.metrics.isEmpty() && pusher.health().up(), () -> "first push: " + pusher.health());
            } finally {
                pusher.close();
            }
            OtlpReceiver.Received<ExportMetricsServiceRequest> first = receiver.metrics.get(0);
            assertThat(first.contentType()).isEqualTo("application/x-protobuf");
            assertSameMetrics(snapshot, first.request());
            assertThat(receiver.metrics).as("close pushes once more, so the final counts arrive").hasSize(2);
            assertSameMetrics(snapshot, receiver.metrics.get(1).request());

            ResourceMetrics rm = first.request().getResourceMetrics(0);
            assertThat(attributes(rm.getResource().getAttributesList()))
                    .containsEntry("service.name", "mybot").containsEntry("service.instance.id", "eu-1");
            assertThat(rm.getScopeMetrics(0).getScope().getName()).isEqualTo("argus");
            // The figure for the report: one push of this catalogue, uncompressed protobuf.
            System.out.printf("OTLP push: %d metrics, %d points, %d bytes%n", count(first.request(), false),
                    count(first.request(), true), first.bytes());
        }
    }

    @Test
    void theProviderPushesThroughCoreWithItsHeadersAndReportsItsHealthAsSubsystemOtlp() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Argus argus = Argus.builder(jda).port(0).environment(Map.of()).closeOnShutdown(false).clusterId("eu-2")
                    .set("otlp_endpoint", receiver.uri() + "/")
                    .set("otlp_headers", "Authorization=Basic%20dXNlcjpzM2NyZXQ=, X-Scope-OrgID=tenant+1")
                    .set("push_interval_ms", "1000")
                    .start();
            try {
                await(() -> receiver.metrics.size() >= 2 && up(argus, "otlp"), () -> "pushed twice: " + argus.health());
                OtlpReceiver.Received<ExportMetricsServiceRequest> pushed = receiver.metrics.get(1);
                assertThat(pushed.header("Authorization")).isEqualTo("Basic dXNlcjpzM2NyZXQ=");
                assertThat(pushed.header("X-Scope-OrgID")).as("a + stays a plus").isEqualTo("tenant+1");
                assertThat(argus.health().get("otlp").detail()).contains(receiver.uri() + "/v1/metrics")
                        .doesNotContain("dXNlcjpzM2NyZXQ=");
                assertThat(argus.config().describe().toString()).doesNotContain("dXNlcjpzM2NyZXQ=");
                // argus_subsystem_up{subsystem="otlp"} 1 is itself pushed, and so is every family of this Argus.
                await(() -> subsystemUp(last(receiver), "otlp") == 1.0, () -> "pushed argus_subsystem_up{otlp}");
                assertThat(names(last(receiver))).contains("discord_guilds", "argus_up", "argus_subsystem_up",
                        "jvm_memory_used_bytes", "jvm_runtime_info");
                assertThat(pushed.request().getResourceMetrics(0).getScopeMetrics(0).getMetricsList())
                        .allSatisfy(m -> assertThat(pointAttributes(m)).allSatisfy(a -> assertThat(a).containsEntry("cluster", "eu-2")));
            } finally {
                argus.close();
            }
            assertThat(argus.health().get("otlp")).as("removed with the pusher").isNull();
        }
    }

    @Test
    void aReceiverThatIsDownIsReportedWithTheReasonAndPushingResumesWhenItIsBack() throws Exception {
        int port = OtlpReceiver.freePort();
        Argus argus = Argus.builder().port(0).environment(Map.of()).closeOnShutdown(false)
                .set("otlp_endpoint", "http://127.0.0.1:" + port).set("push_interval_ms", "1000").start();
        try {
            await(() -> argus.health().containsKey("otlp") && argus.health().get("otlp").detail().contains("failed"),
                    () -> "reported down: " + argus.health());
            Health down = argus.health().get("otlp");
            assertThat(down.up()).isFalse();
            assertThat(down.detail()).contains("http://127.0.0.1:" + port + "/v1/metrics").contains("ConnectException");
            assertThat(subsystemUp(argus.registry().snapshot(), "otlp")).isEqualTo(0.0);

            try (OtlpReceiver receiver = OtlpReceiver.start(port)) {
                await(() -> up(argus, "otlp"), () -> "up once the receiver answers: " + argus.health());
                assertThat(subsystemUp(argus.registry().snapshot(), "otlp")).isEqualTo(1.0);

                receiver.refuseWith(503);
                await(() -> !up(argus, "otlp"), () -> "down once the receiver refuses: " + argus.health());
                assertThat(argus.health().get("otlp").detail()).contains("answered 503: receiver refuses on purpose");
            }
        } finally {
            argus.close();
        }
    }

    @Test
    void headersAreKeyValuePairsAndAMalformedOneIsRefusedWithoutRepeatingIt() {
        assertThat(OtlpProvider.headers("api-key=abc+/=, x-tenant = a%2Cb ,")).containsExactly(
                Map.entry("api-key", "abc+/="), Map.entry("x-tenant", "a,b"));
        assertThat(OtlpProvider.headers("")).isEmpty();

        for (String bad : List.of("hunter2secret", "bad header=hunter2secret", "k=hunter2secret%0Aevil", "k=hunter2secret%zz")) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> OtlpProvider.headers(bad));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.key()).isEqualTo("otlp_headers");
            assertThat(e.getMessage()).doesNotContain("hunter2secret");
        }
    }

    @Test
    void withoutAnEndpointNothingStartsAndAnUnusableOneFailsStartWithoutRepeatingIt() {
        try (Argus argus = Argus.builder().port(0).environment(Map.of()).closeOnShutdown(false).start()) {
            assertThat(argus.health()).doesNotContainKeys("otlp", "tracing");
        }
        for (String bad : List.of("grpc://u:hunter2@collector:4317", "http://u:hunter2@collector:4318/?k=1", "hunter2")) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> Argus.builder().port(0)
                    .environment(Map.of()).closeOnShutdown(false).set("otlp_endpoint", bad).start());
            assertThat(e).as(bad).isNotNull();
            assertThat(e.key()).isEqualTo("otlp_endpoint");
            assertThat(e.getMessage()).doesNotContain("hunter2");
        }
    }

    @Test
    void credentialsInTheEndpointBecomeBasicAuthAndNeverAppearInHealth() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Argus argus = Argus.builder().port(0).environment(Map.of()).closeOnShutdown(false)
                    .set("otlp_endpoint", "http://bot:s3cret@127.0.0.1:" + receiver.port).start();
            try {
                await(() -> !receiver.metrics.isEmpty() && up(argus, "otlp"), () -> "pushed: " + argus.health());
                assertThat(receiver.metrics.get(0).header("Authorization"))
                        .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("bot:s3cret".getBytes()));
                assertThat(argus.health().get("otlp").detail()).doesNotContain("s3cret").doesNotContain("bot:");
            } finally {
                argus.close();
            }
        }
    }

    // --- comparison ----------------------------------------------------------------------------------

    /** Every non-empty family of {@code expected} is one OTLP metric with the same points, and nothing else was sent. */
    static void assertSameMetrics(MetricsSnapshot expected, ExportMetricsServiceRequest actual) {
        Map<String, Metric> sent = new TreeMap<>();
        for (ResourceMetrics rm : actual.getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    assertThat(sent.put(m.getName(), m)).as("sent once: " + m.getName()).isNull();
                }
            }
        }
        List<String> wanted = new ArrayList<>();
        for (MetricFamily f : expected.families()) {
            if (!f.points().isEmpty()) {
                wanted.add(f.type() == MetricType.INFO ? f.name() + "_info" : f.name());
            }
        }
        assertThat(sent.keySet()).containsExactlyInAnyOrderElementsOf(wanted);
        assertThat(wanted).contains("discord_app_commands", "discord_app_command_duration_seconds",
                "discord_lookups", "discord_db_query_seconds", "discord_queue_depth", "jvm_memory_used_bytes");

        long time = expected.timestampMillis() * 1_000_000L;
        for (MetricFamily f : expected.families()) {
            if (f.points().isEmpty()) {
                continue;
            }
            Metric m = sent.get(f.type() == MetricType.INFO ? f.name() + "_info" : f.name());
            String what = m.getName();
            assertThat(m.getDescription()).as(what).isEqualTo(f.help());
            assertThat(m.getUnit()).as(what).isEqualTo(OtlpMetrics.unit(f.unit()));
            Map<Map<String, String>, DataPoint> want = new LinkedHashMap<>();
            for (DataPoint p : f.points()) {
                want.put(labels(p), p);
            }
            switch (f.type()) {
                case COUNTER -> {
                    assertThat(m.hasSum()).as(what).isTrue();
                    assertThat(m.getSum().getIsMonotonic()).as(what + " monotonic").isTrue();
                    assertThat(m.getSum().getAggregationTemporality())
                            .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
                    assertNumbers(what, m.getSum().getDataPointsList(), want, time);
                }
                case GAUGE, INFO -> {
                    assertThat(m.hasGauge()).as(what).isTrue();
                    assertNumbers(what, m.getGauge().getDataPointsList(), want, time);
                }
                case HISTOGRAM -> {
                    assertThat(m.hasHistogram()).as(what).isTrue();
                    assertThat(m.getHistogram().getAggregationTemporality())
                            .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
                    Map<Map<String, String>, HistogramDataPoint> got = new LinkedHashMap<>();
                    for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
                        got.put(attributes(p.getAttributesList()), p);
                        assertThat(p.getTimeUnixNano()).isEqualTo(time);
                        assertThat(p.getStartTimeUnixNano()).isLessThanOrEqualTo(time).isPositive();
                    }
                    assertThat(got.keySet()).as(what + " points").containsExactlyInAnyOrderElementsOf(want.keySet());
                    want.forEach((attrs, p) -> {
                        HistogramPoint h = (HistogramPoint) p;
                        HistogramDataPoint o = got.get(attrs);
                        double[] bounds = h.upperBounds();
                        long[] cumulative = h.cumulativeCounts();
                        assertThat(o.getExplicitBoundsList()).as(what + attrs + " bounds")
                                .containsExactly(java.util.Arrays.stream(bounds, 0, bounds.length - 1).boxed().toArray(Double[]::new));
                        List<Long> perBucket = new ArrayList<>();
                        for (int i = 0; i < cumulative.length; i++) {
                            perBucket.add(cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]));
                        }
                        assertThat(o.getBucketCountsList()).as(what + attrs + " buckets").isEqualTo(perBucket);
                        assertThat(o.getCount()).as(what + attrs + " count").isEqualTo(h.count());
                        assertThat(o.getSum()).as(what + attrs + " sum").isEqualTo(h.sum());
                    });
                }
            }
        }
    }

    private static void assertNumbers(String what, List<NumberDataPoint> points, Map<Map<String, String>, DataPoint> want,
                                      long time) {
        Map<Map<String, String>, Double> got = new LinkedHashMap<>();
        for (NumberDataPoint p : points) {
            assertThat(p.hasAsDouble()).as(what).isTrue();
            assertThat(p.getTimeUnixNano()).isEqualTo(time);
            got.put(attributes(p.getAttributesList()), p.getAsDouble());
        }
        Map<Map<String, String>, Double> expected = new LinkedHashMap<>();
        want.forEach((attrs, p) -> expected.put(attrs, ((ValuePoint) p).value()));
        assertThat(got).as(what).isEqualTo(expected);
    }

    private static Map<String, String> labels(DataPoint p) {
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < p.labels().names().size(); i++) {
            out.put(p.labels().names().get(i), p.labels().values().get(i));
        }
        return out;
    }

    static Map<String, String> attributes(List<KeyValue> kvs) {
        Map<String, String> out = new TreeMap<>();
        for (KeyValue kv : kvs) {
            out.put(kv.getKey(), kv.getValue().getStringValue());
        }
        return out;
    }

    private static List<Map<String, String>> pointAttributes(Metric m) {
        List<Map<String, String>> out = new ArrayList<>();
        m.getSum().getDataPointsList().forEach(p -> out.add(attributes(p.getAttributesList())));
        m.getGauge().getDataPointsList().forEach(p -> out.add(attributes(p.getAttributesList())));
        m.getHistogram().getDataPointsList().forEach(p -> out.add(attributes(p.getAttributesList())));
        return out;
    }

    private static int count(ExportMetricsServiceRequest r, boolean points) {
        int n = 0;
        for (Metric m : r.getResourceMetrics(0).getScopeMetrics(0).getMetricsList()) {
            n += points ? m.getSum().getDataPointsCount() + m.getGauge().getDataPointsCount()
                    + m.getHistogram().getDataPointsCount() : 1;
        }
        return n;
    }

    private static List<String> names(ExportMetricsServiceRequest r) {
        return r.getResourceMetrics(0).getScopeMetrics(0).getMetricsList().stream().map(Metric::getName).toList();
    }

    private static ExportMetricsServiceRequest last(OtlpReceiver receiver) {
        return receiver.metrics.get(receiver.metrics.size() - 1).request();
    }

    private static double subsystemUp(ExportMetricsServiceRequest r, String subsystem) {
        for (Metric m : r.getResourceMetrics(0).getScopeMetrics(0).getMetricsList()) {
            if (m.getName().equals("argus_subsystem_up")) {
                for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
                    if (subsystem.equals(attributes(p.getAttributesList()).get("subsystem"))) {
                        return p.getAsDouble();
                    }
                }
            }
        }
        return Double.NaN;
    }

    private static double subsystemUp(MetricsSnapshot s, String subsystem) {
        MetricFamily f = s.family("argus_subsystem_up");
        if (f != null) {
            for (DataPoint p : f.points()) {
                if (subsystem.equals(p.labels().get("subsystem"))) {
                    return ((ValuePoint) p).value();
                }
            }
        }
        return Double.NaN;
    }

    private static boolean up(Argus argus, String subsystem) {
        Health h = argus.health().get(subsystem);
        return h != null && h.up();
    }

    static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what.get());
            }
            Thread.sleep(50);
        }
    }
}
