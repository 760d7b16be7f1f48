package argus.web.api;

import argus.api.config.Settings;
import argus.api.spi.ServerContext;
import argus.http.RouteTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The live (non-analytics) APIs, each its own route: {@code /api/config}, {@code /api/snapshot} and
 * {@code /api/stream}, all reading one shared {@link SnapshotCache}.
 */
public final class LiveApi {
    public static final String CONFIG = "/api/config";
    public static final String SNAPSHOT = "/api/snapshot";
    public static final String STREAM = "/api/stream";

    private final ServerContext context;
    private final AccessPolicy access;
    private final LiveOptions options;
    private final SnapshotCache cache;

    public LiveApi(ServerContext context, AccessPolicy access, LiveOptions options) {
        this.context = context;
        this.access = access;
        this.options = options;
        this.cache = new SnapshotCache(context.metrics(),
                new SnapshotView(context.config().get(Settings.NAMESPACE_SETTING), context::customMetrics,
                        this::subsystems),
                context::reportError);
    }

    /** Read live with every build: a sink may come, go or fail while the page is open. */
    private Map<String, Subsystems.Status> subsystems() {
        try {
            return Subsystems.of(context.health(), context.config().analyticsRequested(),
                    context.analytics().isPresent());
        } catch (RuntimeException e) {
            // The numbers are still worth showing; the page then shows the subsystem tiles as unknown.
            context.reportError("dashboard", e);
            return null;
        }
    }

    /** Mounts the three routes; the returned closeables, closed in reverse order, unmount them and end open streams. */
    public List<AutoCloseable> mount(RouteTable routes) {
        long interval = options.interval().toNanos();
        StreamHandler stream = new StreamHandler(cache, access, context::reportError, options.interval(),
                options.heartbeat(), options.maxStreams());
        List<AutoCloseable> mounted = new ArrayList<>();
        mounted.add(stream);   // closed last (closeables close in reverse): routes go first, then open streams end
        mounted.add(routes.exact(CONFIG, new ConfigHandler(context.config(), access, context.analytics().isPresent(),
                options.interval(), STREAM, () -> {
                    SnapshotCache.Built b = cache.get(interval);
                    return b == null ? null : b.snapshot();
                })));
        mounted.add(routes.exact(SNAPSHOT, new SnapshotHandler(cache, access, interval)));
        mounted.add(routes.exact(STREAM, stream));
        return mounted;
    }
}
