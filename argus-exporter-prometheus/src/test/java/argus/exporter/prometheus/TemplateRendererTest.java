package argus.exporter.prometheus;

import argus.api.metrics.HistogramPoint;
import argus.api.metrics.Labels;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricType;
import argus.api.metrics.MetricsSnapshot;
import argus.api.metrics.ValuePoint;
import argus.core.registry.Counter;
import argus.core.registry.Histogram;
import argus.core.registry.MetricRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The templated scrape writes exactly what client_java's writer writes from a full conversion, scrape
 * after scrape, while values change, series appear and families change shape.
 */
class TemplateRendererTest {
    private static final String[] HOSTILE = {"ping", "say \"hi\"", "C:\\bots\\run", "line1\nline2", "ピン🏓",
            "{weird}=x,y", "a b", "tab\there", "", "other", "#", "x}y", "q\"\\n"};

    private static String templated(PrometheusFormat format, MetricsSnapshot s, String type) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(out, s, type);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String direct(PrometheusFormat format, MetricsSnapshot s, String type) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.writeDirect(out, s, type);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void assertSame(PrometheusFormat format, MetricsSnapshot s) throws IOException {
        for (String type : new String[] {Fixture.TEXT, Fixture.OPENMETRICS}) {
            assertThat(templated(format, s, type)).as(type).isEqualTo(direct(format, s, type));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomRegistriesScrapeAfterScrape_matchClientJavaByteForByte(long seed) throws IOException {
        Random random = new Random(seed);
        MetricRegistry r = new MetricRegistry(20, Labels.of("cluster", "eu-1"));
        Counter commands = r.counter("discord_app_commands", "Commands \\ by \"outcome\"\nsecond line", "command", "outcome");
        Counter single = r.counter("discord_gateway_events", "Gateway events", "type");
        Counter unlabelled = r.counter("argus_plain", "An unlabelled counter");
        Histogram duration = r.histogram("discord_app_command_duration_seconds", "Durations", "seconds",
                new double[] {0.005, 0.1, 0.5, 1, 2.5, 1e7, 3e9}, "command");
        AtomicReference<Double> gaugeValue = new AtomicReference<>(1.0);
        r.gauge("discord_guilds", "Guilds", "", List.of(), out -> out.emit(gaugeValue.get()));
        r.gauge("discord_shard_up", "Per shard", "", List.of("shard"), out -> {
            for (int s = 0; s < 3; s++) {
                out.emit(random.nextInt(2), Integer.toString(s));
            }
        });
        r.info("discord_bot", "Versions", Labels.of("jda_version", "6.5.0", "argus_version", "0.1.0"));
        PrometheusFormat format = new PrometheusFormat();
        double[] odd = {0, -0.0, 1, 42, 9_999_999, 10_000_000, 1e7 + 1, 0.1, 1.0 / 3, 1e-4, 123456.789, -5, -1e7,
                Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 2.5e-3};

        for (int scrape = 0; scrape < 60; scrape++) {
            int ops = random.nextInt(40);
            for (int k = 0; k < ops; k++) {
                String c = HOSTILE[random.nextInt(HOSTILE.length)] + (random.nextInt(4) == 0 ? random.nextInt(30) : "");
                commands.labels(c, random.nextBoolean() ? "success" : "error").inc(random.nextInt(3));
                duration.labels(c).observe(random.nextInt(5) == 0 ? odd[random.nextInt(odd.length)] : random.nextDouble() * 3);
                single.labels("T" + random.nextInt(5)).inc();
                unlabelled.unlabelled().inc(random.nextInt(1_000_000));
            }
            gaugeValue.set(odd[random.nextInt(odd.length)]);
            assertSame(format, r.snapshot());
        }
    }

    @Test
    void theGoldenFixtureMatchesAndStaysMatchedOverRepeatedScrapes() throws IOException {
        PrometheusFormat format = new PrometheusFormat();
        MetricsSnapshot s = Fixture.snapshot();
        for (int i = 0; i < 3; i++) {
            assertSame(format, s);
        }
    }

    @Test
    void familiesThatChangeShape_areReTemplated() throws IOException {
        PrometheusFormat format = new PrometheusFormat();
        Labels a = new Labels(List.of("cluster", "k"), List.of("c", "a"));
        Labels b = new Labels(List.of("cluster", "k"), List.of("c", "b"));
        MetricFamily v1 = new MetricFamily("x", MetricType.GAUGE, "help", "", List.of(new ValuePoint(a, 1)));
        MetricFamily v2 = new MetricFamily("x", MetricType.GAUGE, "other help", "", List.of(new ValuePoint(b, 2), new ValuePoint(a, 3)));
        MetricFamily v3 = new MetricFamily("x", MetricType.COUNTER, "other help", "", List.of(new ValuePoint(a, 3)));
        MetricFamily h1 = new MetricFamily("h_seconds", MetricType.HISTOGRAM, "h", "seconds", List.of(
                new HistogramPoint(a, new double[] {1, Double.POSITIVE_INFINITY}, new long[] {1, 2}, 3.5, 2)));
        MetricFamily h2 = new MetricFamily("h_seconds", MetricType.HISTOGRAM, "h", "seconds", List.of(
                new HistogramPoint(a, new double[] {0.5, 1, Double.POSITIVE_INFINITY}, new long[] {0, 1, 2}, 3.5, 2)));
        MetricFamily empty = new MetricFamily("e", MetricType.COUNTER, "nothing yet", "", List.of());
        for (List<MetricFamily> families : List.of(List.of(v1, h1), List.of(v2, h1, empty), List.of(v3, h2),
                List.of(v1, h2), List.of(empty))) {
            assertSame(format, new MetricsSnapshot(0, families));
        }
    }

    @Test
    void aNaNHistogramSumFallsBackToClientJavaAndStillMatches() throws IOException {
        Labels a = new Labels(List.of("k"), List.of("a"));
        MetricFamily h = new MetricFamily("h", MetricType.HISTOGRAM, "h", "", List.of(
                new HistogramPoint(a, new double[] {1, Double.POSITIVE_INFINITY}, new long[] {1, 2}, Double.NaN, 2)));
        PrometheusFormat format = new PrometheusFormat();
        assertSame(format, new MetricsSnapshot(0, List.of(h)));
    }

    @Test
    void duplicateNamesAreRefusedAsClientJavaRefusesThem() {
        Labels a = new Labels(List.of("k"), List.of("a"));
        MetricFamily x = new MetricFamily("x", MetricType.GAUGE, "h", "", List.of(new ValuePoint(a, 1)));
        PrometheusFormat format = new PrometheusFormat();
        MetricsSnapshot s = new MetricsSnapshot(0, List.of(x, x));
        assertThatThrownBy(() -> direct(format, s, Fixture.TEXT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> templated(format, s, Fixture.TEXT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentScrapesEachGetTheWholeOutput() throws Exception {
        PrometheusFormat format = new PrometheusFormat();
        MetricsSnapshot s = Fixture.snapshot();
        String expected = direct(format, s, Fixture.TEXT);
        Thread[] threads = new Thread[4];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < 500; i++) {
                        if (!templated(format, s, Fixture.TEXT).equals(expected)) {
                            throw new AssertionError("scrape " + i + " differs");
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failure.get()).isNull();
    }
}
