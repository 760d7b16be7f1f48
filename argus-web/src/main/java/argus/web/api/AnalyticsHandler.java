package argus.web.api;

import argus.http.Responses;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One {@code /api/analytics/*} view. In this order: 403 while no dashboard token is configured
 * (fail closed, invariant 7), 400 for a query string that cannot be read, 401 without the right
 * token, 400 for any parameter that is unknown, repeated or out of bounds, then the query. A
 * failing store is 503 with a JSON message (counted in
 * {@code argus_instrumentation_errors_total{hook="analytics"}}), never a stack trace.
 */
public final class AnalyticsHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsHandler.class);
    static final String UNAVAILABLE = "analytics store unavailable (counted in argus_instrumentation_errors_total"
            + "{hook=\"analytics\"}): check clickhouse_dsn and that ClickHouse is reachable";

    private final String name;
    private final AccessPolicy access;
    private final Set<String> accepted;
    private final boolean needsGuild;
    private final Function<AnalyticsRequest, Object> view;
    private final Semaphore inFlight;
    private final BiConsumer<String, Throwable> errors;

    AnalyticsHandler(String name, AccessPolicy access, Set<String> accepted, boolean needsGuild,
                     Function<AnalyticsRequest, Object> view, Semaphore inFlight, BiConsumer<String, Throwable> errors) {
        this.name = name;
        this.access = access;
        this.accepted = accepted;
        this.needsGuild = needsGuild;
        this.view = view;
        this.inFlight = inFlight;
        this.errors = errors;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!access.tokenConfigured()) {
            AccessPolicy.forbidWithoutToken(response, callback);
            return true;
        }
        QueryParams params;
        try {
            params = QueryParams.parse(request.getHttpURI().getQuery(), accepted);
        } catch (QueryParams.BadRequest e) {
            // Unreadable or unexpected parameters: still, an unauthenticated caller learns nothing more.
            AccessPolicy.Verdict v = access.check(request);
            if (v == AccessPolicy.Verdict.ALLOWED) {
                Responses.error(response, callback, 400, e.getMessage());
            } else {
                AccessPolicy.reject(v, response, callback);
            }
            return true;
        }
        if (!access.admit(request, response, callback)) {
            return true;
        }
        AnalyticsRequest q;
        try {
            q = AnalyticsRequest.from(params, needsGuild);
        } catch (QueryParams.BadRequest e) {
            Responses.error(response, callback, 400, e.getMessage());
            return true;
        }
        if (!inFlight.tryAcquire()) {
            response.getHeaders().put("Retry-After", "1");
            Responses.error(response, callback, 503, "analytics busy: too many queries at once, retry shortly");
            return true;
        }
        byte[] body;
        try {
            body = Responses.jsonBytes(view.apply(q));
        } catch (Exception e) {
            errors.accept("analytics", e);
            LOG.debug("Analytics view {} failed", name, e);
            Responses.error(response, callback, 503, UNAVAILABLE);
            return true;
        } finally {
            inFlight.release();
        }
        Responses.bytes(response, callback, 200, "application/json", body);
        return true;
    }
}
