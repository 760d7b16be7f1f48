package argus.http;

import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Routes by path to independently mounted handlers. Routes can be added and removed while the
 * server runs (the dashboard bundle comes and goes in OSGi) without touching the others.
 * Exact paths win over prefixes; the longest prefix wins among prefixes.
 *
 * <p>The table is an immutable, already ordered list swapped atomically on every mount and unmount:
 * a request reads one snapshot and never sees a table in the middle of an update (a dashboard
 * remount must not turn a concurrent {@code /metrics} scrape into a 404).
 */
public final class RouteTable extends Handler.Abstract {
    private static final Comparator<Route> PRECEDENCE =
            Comparator.comparing((Route r) -> r.prefix).thenComparing(r -> -r.path.length());

    private final AtomicReference<List<Route>> routes = new AtomicReference<>(List.of());
    private final Supplier<String> listening;

    /** A table that no runtime serves yet ({@link #listening()} is empty): for tests and harnesses. */
    public RouteTable() {
        this(() -> null);
    }

    /**
     * @param listening where the runtime that serves this table listens now, or null while it does not;
     *                  read, never set, through the table, so a contributor cannot claim an address
     */
    public RouteTable(Supplier<String> listening) {
        this.listening = listening;
    }

    /** A mounted route; {@link #close()} unmounts it. */
    public final class Route implements AutoCloseable {
        final String path;
        final boolean prefix;
        final Handler handler;
        final boolean getOnly;

        Route(String path, boolean prefix, Handler handler, boolean getOnly) {
            this.path = path;
            this.prefix = prefix;
            this.handler = handler;
            this.getOnly = getOnly;
        }

        @Override
        public void close() {
            update(current -> {
                List<Route> next = new ArrayList<>(current);
                next.removeIf(r -> r == this);
                return next;
            });
        }

        boolean matches(String target) {
            if (!prefix) {
                return target.equals(path);
            }
            return target.startsWith(path) || target.equals(path.substring(0, Math.max(1, path.length() - 1)));
        }
    }

    /** Mounts a GET/HEAD-only handler at an exact path. */
    public Route exact(String path, Handler handler) {
        return add(new Route(path, false, handler, true));
    }

    /** Mounts a GET/HEAD-only handler for every path under {@code prefix} (which must end with '/'). */
    public Route prefix(String prefix, Handler handler) {
        if (!prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must end with '/': " + prefix);
        }
        return add(new Route(prefix, true, handler, true));
    }

    private Route add(Route route) {
        update(current -> {
            List<Route> next = new ArrayList<>(current);
            next.add(route);
            return next;
        });
        return route;
    }

    /** Copy, change, order, publish; retried if another mount or unmount published first. */
    private void update(UnaryOperator<List<Route>> change) {
        List<Route> current;
        List<Route> next;
        do {
            current = routes.get();
            next = change.apply(current).stream().sorted(PRECEDENCE).toList();
        } while (!routes.compareAndSet(current, next));
    }

    /** The paths mounted now, in matching order (diagnostics, tests). */
    public List<String> paths() {
        return routes.get().stream().map(r -> r.path).toList();
    }

    /**
     * Where the runtime serving this table listens, e.g. {@code http://127.0.0.1:9191}, or empty while
     * it does not (port busy, stopped): contributors say "mounted" without claiming to be served.
     */
    public Optional<String> listening() {
        return Optional.ofNullable(listening.get());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String target = Request.getPathInContext(request);
        for (Route r : routes.get()) {
            if (r.matches(target)) {
                if (r.getOnly && !HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
                    response.getHeaders().put("Allow", "GET, HEAD");
                    Responses.error(response, callback, 405, "method not allowed: use GET");
                    return true;
                }
                if (r.handler.handle(request, response, callback)) {
                    return true;
                }
            }
        }
        Responses.error(response, callback, 404, "not found");
        return true;
    }
}
