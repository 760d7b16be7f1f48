package argus.exporter.otlp;

import argus.api.health.Health;
import argus.api.metrics.MetricsSource;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.resources.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pushes every metric over OTLP/HTTP on a thread of its own, for bots nobody can scrape or whose
 * owners collect with OpenTelemetry. Each push sends the whole registry as cumulative data (a push
 * that fails loses nothing: the next one carries the same totals), with a deadline; its outcome is the
 * subsystem's health, and the log gets one line per change of state, not one per failed push.
 *
 * <pre>{@code
 * OtlpMetricsPusher p = OtlpMetricsPusher.start(URI.create("http://collector:4318"), Map.of(),
 *         "argus", "eu-1", registry, Duration.ofSeconds(15));
 * p.health();   // up after a push went through
 * p.close();    // one last push, so the final counts arrive
 * }</pre>
 */
public final class OtlpMetricsPusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpMetricsPusher.class);
    static final Duration DEADLINE = Duration.ofSeconds(10);

    private final String where;
    private final MetricsSource metrics;
    private final OtlpMetrics convert;
    private final MetricExporter exporter;
    private final ScheduledExecutorService thread;
    private volatile Health health;
    /** Whether the last push went through; null before the first (only the push thread writes it). */
    private Boolean lastUp;

    private OtlpMetricsPusher(String where, MetricsSource metrics, OtlpMetrics convert, MetricExporter exporter) {
        this.where = where;
        this.metrics = metrics;
        this.convert = convert;
        this.exporter = exporter;
        this.health = Health.down("no push to " + where + " yet");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "argus-otlp-metrics");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts pushing now and then every {@code interval}, to {@code <endpoint>/v1/metrics}.
     *
     * @param headers sent with every push (API keys): never logged, never in the health detail
     * @param serviceName the resource's {@code service.name}; {@code cluster} is its {@code service.instance.id}
     */
    public static OtlpMetricsPusher start(URI endpoint, Map<String, String> headers, String serviceName, String cluster,
                                          MetricsSource metrics, Duration interval) {
        String url = OtlpProvider.signal(endpoint, "metrics");
        OtlpHttpMetricExporterBuilder b = OtlpHttpMetricExporter.builder()
                .setEndpoint(url)
                .setTimeout(DEADLINE)
                .setConnectTimeout(Duration.ofSeconds(5))
                // No retries inside a push: the data is cumulative, so the next push is the retry, and a
                // push never outlives its deadline.
                .setRetryPolicy(null)
                // The exporter's own self-metrics would go to GlobalOpenTelemetry; Argus reports its health.
                .setMeterProvider(MeterProvider::noop);
        headers.forEach(b::addHeader);
        OtlpMetrics convert = new OtlpMetrics(OtlpProvider.resource(serviceName, cluster),
                InstrumentationScopeInfo.create("argus"), processStartNanos());
        OtlpMetricsPusher p = new OtlpMetricsPusher(url, metrics, convert, b.build());
        p.thread.scheduleWithFixedDelay(p::pushOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Pushing metrics over OTLP to {} every {} s{}", url, interval.toMillis() / 1000.0,
                headers.isEmpty() ? "" : " (with " + headers.size() + " header(s), values not shown)");
        return p;
    }

    /** Up while the last push went through; down with the reason otherwise. */
    public Health health() {
        return health;
    }

    void pushOnce() {
        try {
            List<MetricData> data = convert.convert(metrics.snapshot());
            CompletableResultCode result = exporter.export(data).join(DEADLINE.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            if (result.isSuccess()) {
                became(Health.up("pushed " + data.size() + " metrics to " + where));
            } else {
                became(Health.down("push to " + where + " failed: " + OtlpProvider.reason(result)));
            }
        } catch (RuntimeException e) {
            became(Health.down("push to " + where + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + OtlpProvider.firstLine(e.getMessage()) + ")")));
        }
    }

    private void became(Health next) {
        health = next;
        Boolean before = lastUp;
        lastUp = next.up();
        if (before == null || before != next.up()) { // one line per change of state, none per repeated failure
            if (next.up()) {
                LOG.info("OTLP metrics {}: pushing ({})", where, next.detail());
            } else {
                LOG.warn("OTLP metrics {}: {}; retrying every push interval", where, next.detail());
            }
        }
    }

    /** Stops pushing after one last push (bounded by the deadline), so the final counts arrive. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            if (thread.awaitTermination(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                pushOnce();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exporter.shutdown();
            health = Health.down("stopped");
        }
    }

    /** When this process started: the start of every cumulative series (Argus never resets a counter). */
    private static long processStartNanos() {
        Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        return TimeUnit.SECONDS.toNanos(started.getEpochSecond()) + started.getNano();
    }
}
