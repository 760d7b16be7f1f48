package argus.core.jda;

import argus.core.registry.Counter;
import argus.core.registry.Histogram;
import net.dv8tion.jda.api.events.http.HttpRequestEvent;
import net.dv8tion.jda.api.requests.Response;
import net.dv8tion.jda.api.requests.Route;

import java.util.IdentityHashMap;

/**
 * REST requests by route and status class, their duration, rate limits, and the registered command
 * count; hands interaction callbacks and follow-ups to the {@link InteractionTracker}. The callers
 * (BotHooks) guard every call (invariant 5).
 */
final class RestCounts {
    private static final String[] STATUS_CLASSES = {"2xx", "3xx", "4xx", "5xx", "error"};
    /** Distinct JDA routes whose labels are cached (JDA defines a few hundred; Route.custom may add more). */
    static final int ROUTE_CACHE_CAP = 1024;

    private final BotMetrics m;
    private final InteractionTracker interactions;
    private final RouteCache routes = new RouteCache();

    RestCounts(BotMetrics m, InteractionTracker interactions) {
        this.m = m;
        this.interactions = interactions;
        // Each scope's series exists at 0 before its first 429: rate() only sees what changed between
        // two scrapes, so a burst in the scrape interval a series was born in would go unseen.
        for (String scope : RateLimitScope.SCOPES) {
            m.rateLimits.labels(scope);
        }
    }

    void onHttp(HttpRequestEvent event) {
        Route.CompiledRoute compiled = event.getRoute();
        Route route = compiled.getBaseRoute();
        Response response = event.getResponse();
        okhttp3.Response raw = response.getRawResponse();
        RouteStats stats = routes.get(route);
        stats.requests(statusIndex(response.code)).inc();
        if (raw != null) {
            stats.duration().observe((raw.receivedResponseAtMillis() - raw.sentRequestAtMillis()) / 1000.0);
            if (response.code == 429) {
                // Only non-queued requests (complete(false)) end here with a 429; queued ones are
                // retried inside the rate limiter and counted in onRawResponse: the paths are disjoint.
                m.rateLimits.labels(RateLimitScope.of(raw)).inc();
            }
        }
        if ((route == Route.Interactions.UPDATE_COMMANDS || route == Route.Interactions.GET_COMMANDS)
                && response.isOk()) {
            // JDA parsed this body before firing the event (Response caches it): no I/O, no second parse.
            response.optArray().ifPresent(commands -> m.registeredCommands = commands.length());
        } else if (route == Route.Interactions.CALLBACK) {
            long id = CallbackInteractions.interactionId(event.getRequest());
            interactions.callback(id >= 0 ? id : RoutePaths.interactionId(compiled.getCompiledRoute()), response,
                    respondedAt(raw));
        } else if (route == Route.Interactions.CREATE_FOLLOWUP || route == Route.Interactions.EDIT_FOLLOWUP) {
            interactions.followUp(compiled.getCompiledRoute(), response, respondedAt(raw));
        }
    }

    /** Every raw response the rate limiter sees for queued requests, 429s JDA retries included. */
    void onRawResponse(okhttp3.Response response) {
        if (response.code() == 429) {
            m.rateLimits.labels(RateLimitScope.of(response)).inc();
        }
    }

    /**
     * When the response to a request arrived: okhttp's own stamp (taken as the response came in, on the
     * clock receipts use), else now (no response: the request failed before one arrived).
     */
    private static long respondedAt(okhttp3.Response raw) {
        long at = raw == null ? 0 : raw.receivedResponseAtMillis();
        return at > 0 ? at : System.currentTimeMillis();
    }

    /** Index into {@link #STATUS_CLASSES} of a status code's class. */
    static int statusIndex(int code) {
        if (code >= 200 && code < 300) {
            return 0;
        }
        if (code >= 400 && code < 500) {
            return 2;
        }
        if (code >= 500 && code < 600) {
            return 3;
        }
        if (code >= 300 && code < 400) {
            return 1;
        }
        return 4;
    }

    static String statusClass(int code) {
        return STATUS_CLASSES[statusIndex(code)];
    }

    /**
     * A route's labels and children, resolved once per {@link Route} instance: JDA's
     * {@code Route.getRoute()} joins the template on every call, and the label lookups would hash that
     * fresh string each time. Only admitted children are cached ({@code peek}); a route beyond the label
     * cap keeps going through {@code labels(..)}, so each of its observations still counts the overflow.
     */
    private final class RouteStats {
        final String method;
        final String template;
        private final Counter.Child[] requests = new Counter.Child[STATUS_CLASSES.length];
        private Histogram.Child duration;

        RouteStats(Route route) {
            this.method = route.getMethod().name();
            this.template = route.getRoute();
        }

        Counter.Child requests(int status) {
            Counter.Child c = requests[status];
            if (c == null) {
                c = m.restRequests.peek(method, template, STATUS_CLASSES[status]);
                if (c == null) {
                    return m.restRequests.labels(method, template, STATUS_CLASSES[status]);
                }
                requests[status] = c;
            }
            return c;
        }

        Histogram.Child duration() {
            Histogram.Child c = duration;
            if (c == null) {
                c = m.restDuration.peek(template);
                if (c == null) {
                    return m.restDuration.labels(template);
                }
                duration = c;
            }
            return c;
        }
    }

    /**
     * {@link RouteStats} by {@link Route} identity: a copy-on-write {@link IdentityHashMap} read
     * without a lock, bounded by {@link #ROUTE_CACHE_CAP} (beyond it, routes are resolved per request
     * as before, never cached).
     */
    private final class RouteCache {
        private volatile IdentityHashMap<Route, RouteStats> map = new IdentityHashMap<>();

        RouteStats get(Route route) {
            RouteStats s = map.get(route);
            return s != null ? s : add(route);
        }

        private synchronized RouteStats add(Route route) {
            IdentityHashMap<Route, RouteStats> current = map;
            RouteStats s = current.get(route);
            if (s != null) {
                return s;
            }
            s = new RouteStats(route);
            if (current.size() < ROUTE_CACHE_CAP) {
                IdentityHashMap<Route, RouteStats> next = new IdentityHashMap<>(current);
                next.put(route, s);
                map = next;
            }
            return s;
        }
    }
}
