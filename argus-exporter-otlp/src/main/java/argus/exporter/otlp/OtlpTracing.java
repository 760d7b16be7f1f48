package argus.exporter.otlp;

import argus.api.health.Health;
import argus.api.spi.InteractionObserver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One span per interaction and application command, from its receipt to its end, exported over
 * OTLP/HTTP to {@code <endpoint>/v1/traces}. Core calls {@link #ended} on the bot's thread; that call
 * only builds the finished span and hands it to the SDK's batch processor (a bounded queue that drops
 * when full), whose own thread exports batches with a deadline. An export's outcome is the
 * subsystem's health, logged once per change of state.
 *
 * <p>Attributes: {@code type}, {@code command} (application commands), {@code outcome}, {@code cluster}
 * and, when it ended with one, {@code error.type}: the names of the metrics' labels. No guild, user,
 * channel or interaction id is ever recorded. Each span is a root span (kind SERVER): Discord sends no
 * trace context.
 */
public final class OtlpTracing implements InteractionObserver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpTracing.class);
    static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final AttributeKey<String> TYPE = AttributeKey.stringKey("type");
    private static final AttributeKey<String> COMMAND = AttributeKey.stringKey("command");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    private static final AttributeKey<String> CLUSTER = AttributeKey.stringKey("cluster");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final String where;
    private final String cluster;
    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private volatile Health health;
    private Boolean lastUp; // guarded by this

    private OtlpTracing(String where, String cluster, String serviceName, SpanExporter exporter, Duration delay) {
        this.where = where;
        this.cluster = cluster;
        this.health = Health.up("no span to export yet");
        this.provider = SdkTracerProvider.builder()
                .setResource(OtlpProvider.resource(serviceName, cluster))
                .addSpanProcessor(BatchSpanProcessor.builder(new Observed(exporter))
                        .setScheduleDelay(delay)
                        .setExporterTimeout(DEADLINE)
                        .setMeterProvider(MeterProvider::noop)
                        .build())
                .build();
        this.tracer = provider.get("argus");
    }

    /**
     * Starts the exporter; nothing is recorded until core is given this observer.
     *
     * @param delay longest time a finished span waits in the queue before its batch is exported
     */
    public static OtlpTracing start(URI endpoint, Map<String, String> headers, String serviceName, String cluster,
                                    Duration delay) {
        String url = OtlpProvider.signal(endpoint, "traces");
        OtlpHttpSpanExporterBuilder b = OtlpHttpSpanExporter.builder()
                .setEndpoint(url)
                .setTimeout(DEADLINE)
                .setConnectTimeout(Duration.ofSeconds(5))
                .setMeterProvider(MeterProvider::noop);
        headers.forEach(b::addHeader);
        OtlpTracing t = new OtlpTracing(url, cluster, serviceName, b.build(), delay);
        LOG.info("Tracing interactions: one span per interaction and application command, exported over OTLP to {}", url);
        return t;
    }

    @Override
    public void ended(String type, String command, String outcome, String errorType, long receivedMillis,
                      long endedMillis) {
        SpanBuilder b = tracer.spanBuilder(command.isEmpty() ? type : type + " " + command)
                .setNoParent() // no context lookup: Discord sends no trace context to continue
                .setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(receivedMillis, TimeUnit.MILLISECONDS)
                .setAttribute(TYPE, type)
                .setAttribute(OUTCOME, outcome)
                .setAttribute(CLUSTER, cluster);
        if (!command.isEmpty()) {
            b.setAttribute(COMMAND, command);
        }
        if (errorType != null) {
            b.setAttribute(ERROR_TYPE, errorType);
        }
        Span span = b.startSpan();
        if (isError(outcome)) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end(endedMillis, TimeUnit.MILLISECONDS);
    }

    /** Outcomes the user saw as a failure: an error, no acknowledgement in time, or an untimed end. */
    private static boolean isError(String outcome) {
        return switch (outcome) {
            case "error", "failed", "expired", "evicted" -> true;
            default -> false;
        };
    }

    /** Up until an export fails; down with the reason until one goes through again. */
    public Health health() {
        return health;
    }

    /** Exports what is queued (bounded by the deadline) and stops. */
    @Override
    public void close() {
        provider.shutdown().join(DEADLINE.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        health = Health.down("stopped");
    }

    private synchronized void became(Health next) {
        health = next;
        Boolean before = lastUp;
        lastUp = next.up();
        if (before == null ? !next.up() : before != next.up()) {
            if (next.up()) {
                LOG.info("OTLP traces {}: exporting ({})", where, next.detail());
            } else {
                LOG.warn("OTLP traces {}: {}; the spans of that batch are dropped", where, next.detail());
            }
        }
    }

    /** The exporter, with each export's outcome taken as the subsystem's health. */
    private final class Observed implements SpanExporter {
        private final SpanExporter delegate;

        Observed(SpanExporter delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            int n = spans.size();
            CompletableResultCode result = delegate.export(spans);
            result.whenComplete(() -> became(result.isSuccess() ? Health.up("exported " + n + " spans to " + where)
                    : Health.down("export to " + where + " failed: " + OtlpProvider.reason(result))));
            return result;
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }
    }
}
