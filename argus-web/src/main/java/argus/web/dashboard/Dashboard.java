package argus.web.dashboard;

import argus.api.config.ArgusConfig;
import argus.api.config.Settings;
import argus.api.spi.ServerContext;
import argus.web.api.AccessPolicy;
import argus.web.api.HostPolicy;
import argus.web.api.AnalyticsApi;
import argus.web.api.LiveApi;
import argus.web.api.LiveOptions;
import argus.http.RouteContributor;
import argus.http.RouteTable;
import argus.http.TokenGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard and its APIs as independent routes (README, "Dashboard and HTTP APIs"): the page at
 * {@code dashboard_path} with its static files, {@code /api/config}, {@code /api/snapshot},
 * {@code /api/stream} (all only while {@code dashboard} is true) and, only while an analytics query
 * service is present, {@code /api/analytics/*}. Mounting returns closeables that unmount exactly these
 * routes and end open streams, leaving {@code /metrics} and {@code /healthz} untouched (the OSGi
 * dashboard bundle comes and goes this way).
 *
 * <pre>{@code
 * List<AutoCloseable> mounted = new Dashboard(context).mount(routes);
 * ...
 * Dashboard.unmount(mounted);
 * }</pre>
 */
public final class Dashboard {
    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);

    private final ServerContext context;
    private final LiveOptions options;

    public Dashboard(ServerContext context) {
        this(context, LiveOptions.defaults());
    }

    public Dashboard(ServerContext context, LiveOptions options) {
        this.context = context;
        this.options = options;
    }

    /** Mounts every route this configuration asks for; close the result (see {@link #unmount}) to remove them. */
    public List<AutoCloseable> mount(RouteTable routes) {
        ArgusConfig config = context.config();
        AccessPolicy access = new AccessPolicy(new TokenGate(config.get(Settings.DASHBOARD_AUTH_TOKEN)),
                HostPolicy.of(config.get(Settings.ALLOWED_HOSTS)));
        List<AutoCloseable> mounted = new ArrayList<>();
        try {
            if (config.get(Settings.DASHBOARD)) {
                mounted.addAll(new LiveApi(context, access, options).mount(routes));
                String page = config.get(Settings.DASHBOARD_PATH);
                String base = page.endsWith("/") ? page : page + "/";
                String assets = base + "assets/";
                mounted.add(routes.prefix(assets, new StaticAssets(assets)));
                PageHandler handler = new PageHandler(access, assets);
                warnIfExposed(config, page, access);
                mounted.add(routes.exact(page, handler));
                if (!page.equals("/")) {
                    mounted.add(routes.exact(page.endsWith("/") ? page.substring(0, page.length() - 1) : base, handler));
                }
            }
            context.analytics().ifPresent(query -> {
                mounted.addAll(new AnalyticsApi(query, access, context::reportError, context::guildName).mount(routes));
                if (!access.tokenConfigured()) {
                    LOG.warn("Per-guild analytics is enabled but dashboard_auth_token is not set: /api/analytics/* "
                            + "answers 403 until ARGUS_DASHBOARD_AUTH_TOKEN is set (invariant 7).");
                }
            });
        } catch (RuntimeException e) {
            unmount(mounted);
            throw e;
        }
        return mounted;
    }

    /**
     * The one place that warns about a dashboard anyone can reach: served without a token on an
     * address other than loopback (module path: the server's own host; OSGi: PID argus.web knows no host,
     * so it warns unless a token is set).
     */
    private static void warnIfExposed(ArgusConfig config, String page, AccessPolicy access) {
        String host = config.get(Settings.HOST_SETTING);
        boolean loopback = host.startsWith("127.") || host.equals("localhost") || host.equals("::1");
        if (!loopback && !access.tokenConfigured()) {
            LOG.warn("Argus dashboard at {} is served without dashboard_auth_token: anyone who can reach the HTTP "
                    + "port sees it. Set dashboard_auth_token (ARGUS_DASHBOARD_AUTH_TOKEN), or bind host to 127.0.0.1.",
                    page);
        }
    }

    /** Closes mounted routes in reverse order; never throws. */
    public static void unmount(List<AutoCloseable> mounted) {
        RouteContributor.unmount(mounted);
    }
}
