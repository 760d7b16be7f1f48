package argus.web.api;

import argus.api.config.ArgusConfig;
import argus.api.config.Settings;
import argus.api.metrics.MetricFamily;
import argus.api.metrics.MetricsSnapshot;
import argus.api.query.QueryLimits;
import argus.http.Responses;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/config}: what the page needs to know before it shows anything (names compatible
 * with argus-dpy's {@code /api/config}: {@code namespace}, {@code version}, {@code analytics_enabled},
 * {@code auth_required}, {@code metrics_path}). No secrets, ever: only whether a token is set.
 */
public final class ConfigHandler extends Handler.Abstract {
    private final AccessPolicy access;
    private final Map<String, Object> fixed;
    private final Supplier<MetricsSnapshot> snapshot;
    private final String namespace;
    private volatile String version;

    public ConfigHandler(ArgusConfig config, AccessPolicy access, boolean analyticsEnabled, Duration interval,
                         String streamPath, Supplier<MetricsSnapshot> snapshot) {
        this.access = access;
        this.snapshot = snapshot;
        this.namespace = config.get(Settings.NAMESPACE_SETTING);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("namespace", namespace);
        m.put("cluster", config.get(Settings.CLUSTER_ID));
        m.put("metrics_path", config.get(Settings.METRICS_PATH));
        m.put("analytics_enabled", analyticsEnabled);
        m.put("analytics_requested", config.analyticsRequested());
        m.put("auth_required", access.tokenConfigured());
        m.put("dashboard_interval_ms", interval.toMillis());
        m.put("stream_path", streamPath);
        m.put("snapshot_path", "/api/snapshot");
        m.put("analytics_limits", Map.of("max_days", QueryLimits.MAX_DAYS, "max_limit", QueryLimits.MAX_LIMIT,
                "default_days", QueryLimits.DEFAULT_DAYS, "default_limit", QueryLimits.DEFAULT_LIMIT));
        this.fixed = m;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!access.admit(request, response, callback)) {
            return true;
        }
        Map<String, Object> body = new LinkedHashMap<>(fixed);
        body.put("version", version());
        Responses.json(response, callback, 200, body);
        return true;
    }

    /** Argus' version as the registry reports it ({@code <namespace>_bot_info{argus_version}}). */
    private String version() {
        String v = version;
        if (v != null) {
            return v;
        }
        String found = null;
        try {
            MetricsSnapshot s = snapshot.get();
            MetricFamily info = s == null ? null : s.family((namespace.isEmpty() ? "" : namespace + "_") + "bot");
            if (info != null && !info.points().isEmpty()) {
                found = info.points().get(0).labels().get("argus_version");
            }
        } catch (RuntimeException ignored) {
            // fall through to the jar's own version
        }
        if (found == null) {
            found = ConfigHandler.class.getPackage().getImplementationVersion();
        }
        v = found == null ? "unknown" : found;
        if (found != null) {
            version = v;
        }
        return v;
    }
}
