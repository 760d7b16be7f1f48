package argus.http.server;

import argus.api.metrics.MetricsSource;
import argus.api.spi.MetricsFormat;
import argus.http.LogSafe;
import argus.http.RateLimitedLog;
import argus.http.Responses;
import argus.http.TokenGate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** The scrape endpoint: the registry snapshot in the format the scraper's {@code Accept} asks for. */
final class MetricsHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsHandler.class);
    /** A client can be rejected as often as it likes; the log says so once a second at most. */
    private final RateLimitedLog rejections = new RateLimitedLog(java.time.Duration.ofSeconds(1));

    private final MetricsSource source;
    private final Supplier<Optional<MetricsFormat>> format;
    private final TokenGate gate;
    private final BiConsumer<String, Throwable> errors;

    /**
     * @param format read per request: in OSGi the exporter bundle can be removed and reinstalled while
     *               the runtime serves, and the counters (which live in core) carry on.
     */
    public MetricsHandler(MetricsSource source, Supplier<Optional<MetricsFormat>> format, TokenGate gate,
                          BiConsumer<String, Throwable> errors) {
        this.source = source;
        this.format = format;
        this.gate = gate;
        this.errors = errors;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!gate.allows(request)) {
            String which = TokenGate.presentsToken(request) ? "wrong" : "no";
            rejections.log(skipped -> LOG.warn("Rejected metrics scrape from {}: {} token{}",
                    LogSafe.clean(Request.getRemoteAddr(request)), which, RateLimitedLog.more(skipped, "rejections")));
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"argus-metrics\"");
            Responses.error(response, callback, 401, "metrics_auth_token is set: send Authorization: Bearer <token>");
            return true;
        }
        Optional<MetricsFormat> installed = format.get();
        if (installed.isEmpty()) {
            Responses.error(response, callback, 404,
                    "no metrics exporter is installed: add argus-exporter-prometheus (metrics are still collected)");
            return true;
        }
        MetricsFormat format = installed.get();
        try {
            String contentType = format.negotiate(request.getHeaders().get(HttpHeader.ACCEPT));
            ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
            format.write(out, source.snapshot(), contentType);
            Responses.bytes(response, callback, 200, contentType, out.toByteArray());
        } catch (Exception e) {
            errors.accept("scrape", e);
            Responses.error(response, callback, 500, "could not render metrics (counted in argus_instrumentation_errors_total)");
        }
        return true;
    }
}
