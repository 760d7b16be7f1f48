package argus.core.instrument;

import argus.api.instrument.Counter;
import argus.api.instrument.Histogram;
import argus.api.instrument.Instrumentation;
import argus.api.instrument.Sample;
import argus.api.metrics.HistogramPoint;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricType;
import argus.core.registry.MetricRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guards of the bot-facing API: what is refused at definition, what is capped, what fails open. */
class UserMetricsTest {
    private final MetricRegistry registry = new MetricRegistry(3);
    private final UserMetrics metrics = new UserMetrics(registry, "discord");

    private double errors() {
        double v = registry.value("argus_instrumentation_errors", UserMetrics.HOOK);
        return Double.isNaN(v) ? 0 : v;
    }

    private HistogramPoint histogram(String family, String... labels) {
        MetricFamily f = registry.snapshot().family(family);
        return f == null ? null : (HistogramPoint) f.point(labels);
    }

    /** Prefix commands land in argus-dpy's series: commands_total, command_duration_seconds, command_errors_total. */
    @Test
    void aPrefixCommandIsCountedTimedAndItsErrorTyped() throws Exception {
        assertThat(metrics.command("help", () -> "shown")).isEqualTo("shown");
        metrics.command("help", () -> { });
        IllegalStateException boom = new IllegalStateException("no such page");
        assertThatThrownBy(() -> metrics.command("help", (Runnable) () -> {
            throw boom;
        })).isSameAs(boom);
        assertThatThrownBy(() -> metrics.command("ban", () -> {
            throw new IOException("gone");
        })).isInstanceOf(IOException.class);

        assertThat(registry.value("discord_commands", "help", "success")).isEqualTo(2);
        assertThat(registry.value("discord_commands", "help", "error")).isEqualTo(1);
        assertThat(registry.value("discord_commands", "ban", "error")).isEqualTo(1);
        assertThat(registry.value("discord_command_errors", "help", "IllegalStateException")).isEqualTo(1);
        assertThat(registry.value("discord_command_errors", "ban", "IOException")).isEqualTo(1);
        assertThat(histogram("discord_command_duration_seconds", "help").count()).isEqualTo(3);
        assertThat(metrics.names()).as("catalogue families, not the bot's custom ones").isEmpty();
        // Fail-open: a nameless command still runs, and the misuse is counted.
        AtomicInteger ran = new AtomicInteger();
        metrics.command(null, (Runnable) ran::incrementAndGet);
        assertThat(ran).hasValue(1);
        assertThat(errors()).isEqualTo(1);
        assertThat(Instrumentation.noop().command("help", () -> 7)).isEqualTo(7);
    }

    @Test
    void idLikeLabelNamesAreRefusedAtDefinition() {
        for (String label : new String[] {"user_id", "guild", "channel_name", "snowflake", "id", "message_author"}) {
            assertThatThrownBy(() -> metrics.counter("lookups", "Lookups", label))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(label);
            assertThatThrownBy(() -> metrics.histogram("sizes", "Sizes", new double[] {1, 2}, label))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(metrics.names()).isEmpty();
        assertThat(registry.snapshot().family("discord_lookups")).isNull();
    }

    @Test
    void metricNamesCarryingIdsOrReservedSuffixesAreRefused() {
        assertThatThrownBy(() -> metrics.counter("query_123456789012345678", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bounded");
        assertThatThrownBy(() -> metrics.counter("jobs_total", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.counter("bad-name", "x")).isInstanceOf(IllegalArgumentException.class);
        registry.counter("discord_interactions", "Argus' own", "type");
        assertThatThrownBy(() -> metrics.counter("interactions", "clashes with Argus' own"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Argus' own");
    }

    @Test
    void labelValuesAreCappedWithOverflowToOtherAndCounted() {
        Counter c = metrics.counter("jobs", "Jobs", "job");
        for (String job : new String[] {"a", "b", "c", "d", "e", "123456789012345678"}) {
            c.labels(job).inc();
        }
        assertThat(registry.value("discord_jobs", "a")).isEqualTo(1);
        assertThat(registry.value("discord_jobs", "c")).isEqualTo(1);
        assertThat(registry.value("discord_jobs", "d")).isNaN();
        assertThat(registry.value("discord_jobs", "other")).isEqualTo(3); // d, e and the snowflake
        assertThat(registry.value("argus_label_overflow", "discord_jobs")).isEqualTo(3);
    }

    @Test
    void definitionsAreIdempotentAndConflictsAreRefused() {
        Counter first = metrics.counter("jobs", "Jobs", "outcome");
        Counter again = metrics.counter("jobs", "Jobs", "outcome");
        first.labels("ok").inc();
        again.labels("ok").inc();
        assertThat(registry.value("discord_jobs", "ok")).isEqualTo(2);
        assertThatThrownBy(() -> metrics.counter("jobs", "Jobs", "kind"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already defined");
        assertThatThrownBy(() -> metrics.histogram("jobs", "Jobs", new double[] {1}, "outcome"))
                .isInstanceOf(IllegalArgumentException.class);
        metrics.histogram("sizes", "Sizes", new double[] {1, 2});
        assertThatThrownBy(() -> metrics.histogram("sizes", "Sizes", new double[] {1, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buckets");
        assertThat(metrics.names()).containsExactly("discord_jobs", "discord_sizes");
    }

    @Test
    void theNumberOfDefinedMetricsIsBounded() {
        for (int i = 0; i < Instrumentation.MAX_METRICS; i++) {
            metrics.counter("c" + i, "Counter " + i);
        }
        assertThatThrownBy(() -> metrics.counter("one_more", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refused");
        // On the hot path the same refusal records nothing and is counted, never thrown.
        assertThatCode(() -> metrics.timer("late_timer").close()).doesNotThrowAnyException();
        assertThat(errors()).isEqualTo(1);
        assertThat(registry.snapshot().family("discord_late_timer_seconds")).isNull();
    }

    @Test
    void timersRecordSecondsIntoOneHistogramPerName() throws Exception {
        try (Sample t = metrics.timer("db_query")) {
            Thread.sleep(20);
        }
        assertThat(metrics.time("db_query", () -> 42)).isEqualTo(42);
        metrics.time("nightly_job", () -> { });

        HistogramPoint db = histogram("discord_db_query_seconds");
        assertThat(db.count()).isEqualTo(2);
        assertThat(db.sum()).isBetween(0.019, 30.0);
        assertThat(registry.snapshot().family("discord_db_query_seconds").unit()).isEqualTo("seconds");
        assertThat(histogram("discord_nightly_job_seconds").count()).isEqualTo(1);
    }

    @Test
    void aTimedBlockThatThrowsIsTimedAndItsExceptionPassesUnchanged() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> metrics.time("flaky", (Runnable) () -> { throw boom; })).isSameAs(boom);
        IOException io = new IOException("io");
        assertThatThrownBy(() -> metrics.time("flaky", () -> { throw io; })).isSameAs(io);
        assertThat(histogram("discord_flaky_seconds").count()).isEqualTo(2);
        assertThat(errors()).isZero();
    }

    @Test
    void closingASampleTwiceRecordsOnce() {
        Sample s = metrics.timer("once");
        s.close();
        s.close();
        assertThat(histogram("discord_once_seconds").count()).isEqualTo(1);
    }

    @Test
    void exceptionsAreCountedByClassAndRethrown() throws Exception {
        assertThat(metrics.countExceptions("payments", () -> "ok")).isEqualTo("ok");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> metrics.countExceptions("payments", (Runnable) () -> {
                throw new UncheckedIOException(new IOException());
            })).isInstanceOf(UncheckedIOException.class);
        }
        assertThatThrownBy(() -> metrics.countExceptions("payments", () -> { throw new IOException(); }))
                .isInstanceOf(IOException.class);
        MetricFamily f = registry.snapshot().family("discord_payments_exceptions");
        assertThat(f.type()).isEqualTo(MetricType.COUNTER);
        assertThat(registry.value("discord_payments_exceptions", "UncheckedIOException")).isEqualTo(2);
        assertThat(registry.value("discord_payments_exceptions", "IOException")).isEqualTo(1);
    }

    @Test
    void misuseOnTheHotPathIsCountedNeverThrown() {
        Counter labelled = metrics.counter("jobs", "Jobs", "outcome");
        Counter plain = metrics.counter("runs", "Runs");
        Histogram h = metrics.histogram("sizes", "Sizes", new double[] {1, 2}, "kind");

        assertThatCode(() -> {
            labelled.inc();                       // labelled counter used without labels
            labelled.labels("a", "b").inc();      // wrong arity
            plain.inc(-5);                        // negative
            h.observe(1);                         // labelled histogram used without labels
            h.labels().observe(1);                // wrong arity
            metrics.timer(null).close();          // no name
            metrics.timer("bad name").close();    // invalid name
            metrics.timer("q_123456789012345678").close(); // an id as a name
        }).doesNotThrowAnyException();

        assertThat(errors()).isEqualTo(8);
        assertThat(registry.value("discord_runs")).isZero();
        assertThat(registry.snapshot().family("discord_sizes").points()).isEmpty();
        assertThat(metrics.names()).containsExactly("discord_jobs", "discord_runs", "discord_sizes");
    }

    /**
     * A refused name on the hot path (an id in the name, or a new name past the cap) is answered without
     * the definitions' lock, so it never waits behind another thread that is defining a metric; the
     * test holds that lock for the whole time.
     */
    @Test
    void refusedNamesOnTheHotPathNeverWaitForTheDefinitionLock() throws Exception {
        for (int i = 0; i < Instrumentation.MAX_METRICS - 1; i++) {
            metrics.counter("c" + i, "Counter " + i);
        }
        metrics.timer("db_query").close(); // the 200th
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            synchronized (metrics) { // as a definition in progress on another thread holds it
                java.util.concurrent.Future<?> hotPath = other.submit(() -> {
                    metrics.timer("query_123456789012345678").close(); // an id in the name
                    metrics.timer("late_timer").close();                // past the cap
                    metrics.countExceptions("late_count", () -> { });   // past the cap
                    metrics.timer("db_query").close();                  // defined already
                });
                hotPath.get(30, java.util.concurrent.TimeUnit.SECONDS); // blocked until the lock is released: fails
            }
        } finally {
            other.shutdownNow();
        }
        assertThat(errors()).isEqualTo(3);
        assertThat(histogram("discord_db_query_seconds").count()).isEqualTo(2);
    }

    @Test
    void aMissingNameDefinesNothingAndIsCounted() throws Exception {
        assertThatCode(() -> {
            metrics.timer(null).close();
            metrics.time(null, () -> { });
            assertThat(metrics.time(null, () -> 7)).isEqualTo(7);
            metrics.countExceptions(null, () -> { });
            assertThatThrownBy(() -> metrics.countExceptions(null, (Runnable) () -> {
                throw new IllegalStateException("the bot's own");
            })).hasMessage("the bot's own");
        }).doesNotThrowAnyException();
        assertThat(metrics.names()).as("no family named after the string \"null\"").isEmpty();
        assertThat(registry.snapshot().family("discord_null_seconds")).isNull();
        assertThat(registry.snapshot().family("discord_null_exceptions")).isNull();
        assertThat(errors()).isEqualTo(5);
    }

    @Test
    void aHistogramUsesTheBucketsTheBotChoseAndRefusesUnusableOnes() {
        Histogram size = metrics.histogram("upload_bytes", "Uploaded file sizes", new double[] {1e3, 1e4, 1e5}, "kind");
        for (double v : new double[] {10, 1e3, 5e3, 2e5, Double.NaN}) {
            size.labels("image").observe(v);
        }
        HistogramPoint p = histogram("discord_upload_bytes", "image");
        assertThat(p.upperBounds()).containsExactly(1e3, 1e4, 1e5, Double.POSITIVE_INFINITY);
        assertThat(p.cumulativeCounts()).containsExactly(2, 3, 3, 4); // le=1e3 holds 10 and 1e3 itself
        assertThat(p.count()).as("NaN is ignored").isEqualTo(4);

        double[][] unusable = {{}, {2, 1}, {1, 1}, {1, Double.NaN}, {1, Double.POSITIVE_INFINITY},
                new double[UserMetrics.MAX_BUCKETS + 1]};
        for (int i = 0; i <= UserMetrics.MAX_BUCKETS; i++) {
            unusable[unusable.length - 1][i] = i + 1;
        }
        for (double[] buckets : unusable) {
            assertThatThrownBy(() -> metrics.histogram("bad_buckets", "x", buckets))
                    .as(java.util.Arrays.toString(buckets)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> metrics.histogram("bad_buckets", "x", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(metrics.names()).containsExactly("discord_upload_bytes");
    }

    @Test
    void aFailingGaugeLosesOnlyItselfAndIsCounted() {
        AtomicInteger depth = new AtomicInteger(7);
        metrics.gauge("queue_depth", "Jobs waiting", depth::get);
        metrics.gauge("broken", "Always fails", () -> { throw new IllegalStateException("db down"); });
        assertThat(registry.value("discord_queue_depth")).isEqualTo(7);
        depth.set(9);
        assertThat(registry.value("discord_queue_depth")).isEqualTo(9);
        assertThat(registry.snapshot().family("discord_broken")).isNull();
        assertThat(registry.value("argus_instrumentation_errors", "collect:discord_broken")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void definingAGaugeAgainReplacesItsCallback() {
        metrics.gauge("queue_depth", "Jobs waiting", () -> 1);
        metrics.gauge("queue_depth", "Jobs waiting", () -> 2); // e.g. the bot's bundle restarted
        assertThat(registry.value("discord_queue_depth")).isEqualTo(2);
        assertThatThrownBy(() -> metrics.counter("queue_depth", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyNamespaceLeavesNamesAsGiven() {
        new UserMetrics(registry, "").counter("jobs", "Jobs").inc();
        assertThat(registry.value("jobs")).isEqualTo(1);
    }

    @Test
    void theNoopInstrumentationRunsTheWorkAndRecordsNothing() throws Exception {
        Instrumentation none = Instrumentation.noop();
        assertThat(none.time("x", () -> 5)).isEqualTo(5);
        none.counter("x", "x", "user_id").labels("1").inc();
        try (Sample s = none.timer("x")) {
            assertThat(s).isNotNull();
        }
    }
}
