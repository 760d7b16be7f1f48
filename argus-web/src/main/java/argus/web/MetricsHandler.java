package argus.web;

import argus.api.metrics.MetricsSource;
import argus.api.spi.MetricsFormat;
import argus.web.http.LogSafe;
import argus.web.http.Responses;
import argus.web.http.TokenGate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.util.function.BiConsumer;

/** The scrape endpoint: the registry snapshot in the format the scraper's {@code Accept} asks for. */
public final class MetricsHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsHandler.class);

    private final MetricsSource source;
    private final MetricsFormat format;
    private final TokenGate gate;
    private final BiConsumer<String, Throwable> errors;

    public MetricsHandler(MetricsSource source, MetricsFormat format, TokenGate gate, BiConsumer<String, Throwable> errors) {
        this.source = source;
        this.format = format;
        this.gate = gate;
        this.errors = errors;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!gate.allows(request)) {
            LOG.warn("Rejected metrics scrape from {}: {} token", LogSafe.clean(Request.getRemoteAddr(request)),
                    TokenGate.presentsToken(request) ? "wrong" : "no");
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"argus-metrics\"");
            Responses.error(response, callback, 401, "metrics_auth_token is set: send Authorization: Bearer <token>");
            return true;
        }
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
