package argus.exporter.otlp;

import argus.api.config.ArgusConfig;
import argus.api.config.ConfigException;
import argus.api.config.Settings;
import argus.api.spi.PushExporterProvider;
import argus.api.spi.ServerContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.regex.Pattern;

/**
 * Starts OTLP push when {@code otlp_endpoint} is set: the metrics every {@code push_interval_ms}
 * (unless {@code otlp_metrics=false}), as subsystem {@code otlp}, and with {@code tracing=true} one
 * span per interaction, as subsystem {@code tracing} (module path; found by ServiceLoader).
 */
public final class OtlpProvider implements PushExporterProvider {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpProvider.class);
    /** An HTTP header name (RFC 9110 token). */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /**
     * The OpenTelemetry exporters log every failed export through java.util.logging; Argus reports the
     * same outcome as health and logs it once per change of state. Held strongly: JUL keeps loggers weakly.
     */
    private static final List<java.util.logging.Logger> QUIETED = new ArrayList<>();

    @Override
    public Optional<AutoCloseable> start(ServerContext context) {
        ArgusConfig config = context.config();
        boolean tracing = config.get(Settings.TRACING);
        if (!config.isSet(Settings.OTLP_ENDPOINT) || config.get(Settings.OTLP_ENDPOINT).isEmpty()) {
            if (tracing) {
                LOG.warn("tracing is true but otlp_endpoint is not set: no span is recorded "
                        + "(set ARGUS_OTLP_ENDPOINT=http://collector:4318)");
            }
            return Optional.empty();
        }
        URI endpoint = endpoint(config.get(Settings.OTLP_ENDPOINT));
        Map<String, String> headers = headers(config.get(Settings.OTLP_HEADERS));
        String basic = credentials(config.get(Settings.OTLP_ENDPOINT));
        if (basic != null && headers.keySet().stream().noneMatch("authorization"::equalsIgnoreCase)) {
            headers.put("Authorization", basic); // an explicit Authorization header wins
        }
        String service = config.get(Settings.OTLP_SERVICE_NAME);
        String cluster = config.get(Settings.CLUSTER_ID);
        Duration interval = Duration.ofMillis(config.get(Settings.PUSH_INTERVAL_MS));
        quietExporterLogs();

        List<AutoCloseable> parts = new ArrayList<>(); // closed in reverse order
        try {
            if (config.get(Settings.OTLP_METRICS)) {
                OtlpMetricsPusher pusher = OtlpMetricsPusher.start(endpoint, headers, service, cluster, context.metrics(), interval);
                parts.add(pusher);
                parts.add(context.subsystem("otlp", pusher::health));
            }
            if (tracing) {
                OtlpTracing tracer = OtlpTracing.start(endpoint, headers, service, cluster, Duration.ofSeconds(5));
                parts.add(tracer);
                parts.add(context.subsystem("tracing", tracer::health));
                parts.add(context.observeInteractions(tracer)); // removed first: no span after the flush
            }
        } catch (RuntimeException e) {
            closeAll(parts);
            throw e;
        }
        if (parts.isEmpty()) {
            LOG.info("otlp_endpoint is set but otlp_metrics and tracing are both false: nothing is sent over OTLP");
            return Optional.empty();
        }
        return Optional.of(() -> closeAll(parts));
    }

    private static void closeAll(List<AutoCloseable> parts) {
        List<AutoCloseable> reversed = new ArrayList<>(parts);
        Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("Could not stop an OTLP part", e);
            }
        }
    }

    /**
     * The receiver's base address, without user information (see {@link #credentials}); the message
     * never repeats the value (it may hold a password).
     */
    static URI endpoint(String value) {
        URI u;
        try {
            u = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw invalid("it is not a URL");
        }
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
            throw invalid("it must start with http:// or https:// (OTLP/HTTP; gRPC is not supported)");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw invalid("it has no host");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw invalid("it must not have a query or fragment");
        }
        return URI.create(u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                + (u.getRawPath() == null ? "" : u.getRawPath()));
    }

    /** {@code Authorization: Basic} from the endpoint's {@code user:pass@}, or null when it has none. */
    static String credentials(String value) {
        String info = URI.create(value.trim()).getRawUserInfo();
        return info == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                URLDecoder.decode(info.replace("+", "%2B"), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
    }

    private static ConfigException invalid(String why) {
        return new ConfigException(Settings.OTLP_ENDPOINT.key(), "Setting 'otlp_endpoint' (ARGUS_OTLP_ENDPOINT) is not "
                + "usable: " + why + ". Give the OTLP/HTTP receiver's address, e.g. http://collector:4318 "
                + "(user:pass@ for basic authentication; other credentials go in otlp_headers).");
    }

    /** {@code <endpoint>/v1/<signal>}, as OTLP/HTTP's generic endpoint setting defines it. */
    static String signal(URI endpoint, String signal) {
        return endpoint.toString().replaceAll("/+$", "") + "/v1/" + signal;
    }

    /**
     * Parses {@code otlp_headers}: {@code key=value} pairs separated by commas, values %-decoded (a
     * {@code +} stays a plus: base64 keys contain it). The message names what is wrong, never a value.
     */
    static Map<String, String> headers(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return out;
        }
        int n = 0;
        for (String pair : raw.split(",")) {
            n++;
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? "" : pair.substring(0, eq).trim();
            if (eq < 0 || !HEADER_NAME.matcher(name).matches()) {
                throw new ConfigException(Settings.OTLP_HEADERS.key(), "Setting 'otlp_headers' (ARGUS_OTLP_HEADERS): "
                        + "entry " + n + " is not key=value with a header name of letters, digits and -. Give "
                        + "comma-separated pairs such as Authorization=Basic%20<base64>; the value is not shown here.");
            }
            String value;
            try {
                value = URLDecoder.decode(pair.substring(eq + 1).trim().replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(Settings.OTLP_HEADERS.key(), "Setting 'otlp_headers' (ARGUS_OTLP_HEADERS): "
                        + "the value of '" + name + "' has a % that is not followed by two hex digits.");
            }
            if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new ConfigException(Settings.OTLP_HEADERS.key(), "Setting 'otlp_headers' (ARGUS_OTLP_HEADERS): "
                        + "the value of '" + name + "' holds a control character (a line break?).");
            }
            out.put(name, value);
        }
        return out;
    }

    /** The resource every metric and span carries: the service, and the cluster as its instance. */
    static Resource resource(String serviceName, String cluster) {
        return Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), serviceName,
                AttributeKey.stringKey("service.instance.id"), cluster));
    }

    /** Why an export failed, in a line: the receiver's status and first line of its answer, or the error. */
    static String reason(CompletableResultCode result) {
        Throwable t = result.getFailureThrowable();
        if (!result.isDone()) {
            return "no answer within " + OtlpMetricsPusher.DEADLINE.toSeconds() + " s";
        }
        if (t instanceof FailedExportException.HttpExportException http && http.getResponse() != null) {
            byte[] body = http.getResponse().getResponseBody();
            String text = body == null ? "" : firstLine(new String(body, StandardCharsets.UTF_8));
            return "the receiver answered " + http.getResponse().getStatusCode()
                    + (text.isEmpty() || !printable(text) ? "" : ": " + text);
        }
        if (t == null) {
            return "export failed";
        }
        Throwable cause = t; // the exporter wraps the error that says what happened (ConnectException, ...)
        while (cause.getCause() != null && cause.getCause() != cause && (cause instanceof FailedExportException
                || cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException
                || cause instanceof java.io.UncheckedIOException)) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " (" + firstLine(cause.getMessage()) + ")");
    }

    /** A protobuf error body is binary: only text is worth repeating. */
    private static boolean printable(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c != 0xfffd);
    }

    static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /**
     * Silences the exporters' own failure lines (one per failed export) unless the bot configured
     * those loggers itself: Argus already reports each change of state, and a receiver that is down
     * for an hour would otherwise write hundreds of stack traces.
     */
    private static synchronized void quietExporterLogs() {
        if (!QUIETED.isEmpty()) {
            return;
        }
        // The packages of the HTTP exporter's logger (it moved between SDK versions).
        for (String name : List.of("io.opentelemetry.exporter.otlp.internal", "io.opentelemetry.exporter.internal.http")) {
            java.util.logging.Logger jul = java.util.logging.Logger.getLogger(name);
            if (jul.getLevel() == null) {
                jul.setLevel(Level.OFF);
            }
            QUIETED.add(jul);
        }
        // Spans dropped at a full queue are logged on every export while it lasts (once a second or more
        // under a burst): let one such line through per minute, so the loss stays visible.
        java.util.logging.Logger batch = java.util.logging.Logger.getLogger("io.opentelemetry.sdk.trace.export.BatchSpanProcessor");
        if (batch.getLevel() == null && batch.getFilter() == null) {
            AtomicLong next = new AtomicLong();
            batch.setFilter(record -> {
                long now = record.getMillis();
                long allowed = next.get();
                return now >= allowed && next.compareAndSet(allowed, now + 60_000);
            });
        }
        QUIETED.add(batch);
    }
}
