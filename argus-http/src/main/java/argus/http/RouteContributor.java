package argus.http;

import argus.api.spi.ServerContext;

import java.util.List;

/**
 * Something that serves routes on the Argus HTTP runtime besides {@code /metrics} and
 * {@code /healthz} (the dashboard and its APIs). On the module path the runtime finds contributors
 * with {@code ServiceLoader}; in OSGi the contributing bundle mounts into the runtime's
 * {@link RouteTable} service itself, so it can come and go while {@code /metrics} keeps serving.
 */
public interface RouteContributor {
    /**
     * Mounts this contributor's routes. Returns closeables that unmount exactly those routes (and end
     * whatever they hold open), in mounting order.
     */
    List<AutoCloseable> mount(RouteTable routes, ServerContext context);

    /** Closes mounted routes in reverse order; never throws. */
    static void unmount(List<AutoCloseable> mounted) {
        for (int i = mounted.size() - 1; i >= 0; i--) {
            try {
                mounted.get(i).close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(RouteContributor.class).debug("Error unmounting a route", e);
            }
        }
    }
}
