package argus.http;

import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Routes by path to independently mounted handlers. Routes can be added and removed while the
 * server runs (the dashboard bundle comes and goes in OSGi) without touching the others.
 * Exact paths win over prefixes; the longest prefix wins among prefixes.
 */
public final class RouteTable extends Handler.Abstract {
    private final CopyOnWriteArrayList<Route> routes = new CopyOnWriteArrayList<>();

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
            routes.remove(this);
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
        routes.add(route);
        List<Route> sorted = routes.stream()
                .sorted(Comparator.comparing((Route r) -> r.prefix).thenComparing(r -> -r.path.length()))
                .toList();
        routes.clear();
        routes.addAll(sorted);
        return route;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String target = Request.getPathInContext(request);
        for (Route r : routes) {
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

    @Override
    protected void doStart() throws Exception {
        super.doStart();
    }
}
