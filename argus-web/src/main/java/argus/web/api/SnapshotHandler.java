package argus.web.api;

import argus.http.Responses;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /api/snapshot}: the shared snapshot as JSON, the polling fallback of
 * {@code /api/stream}. Pollers share the stream's build, so polling cannot multiply registry work.
 */
public final class SnapshotHandler extends Handler.Abstract {
    private final SnapshotCache cache;
    private final AccessPolicy access;
    private final long maxAgeNanos;

    public SnapshotHandler(SnapshotCache cache, AccessPolicy access, long maxAgeNanos) {
        this.cache = cache;
        this.access = access;
        this.maxAgeNanos = maxAgeNanos;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!access.admit(request, response, callback)) {
            return true;
        }
        SnapshotCache.Built built = cache.get(maxAgeNanos);
        if (built == null) {
            Responses.error(response, callback, 503, "no snapshot yet (counted in argus_instrumentation_errors_total)");
        } else {
            Responses.bytes(response, callback, 200, "application/json", built.json());
        }
        return true;
    }
}
