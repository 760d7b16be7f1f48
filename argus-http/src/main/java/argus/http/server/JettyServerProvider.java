package argus.http.server;

import argus.api.spi.ArgusHttpServer;
import argus.api.spi.HttpServerProvider;
import argus.api.spi.ServerContext;
import argus.http.RouteContributor;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Module-path entry point: core finds this with {@code ServiceLoader} and starts the server, which
 * mounts every {@link RouteContributor} present (argus.web's dashboard). An absent contributor is an
 * absent feature.
 */
public final class JettyServerProvider implements HttpServerProvider {
    @Override
    public ArgusHttpServer start(ServerContext context) {
        List<RouteContributor> contributors = ServiceLoader.load(RouteContributor.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
        JettyServer server = new JettyServer(context, contributors);
        server.start(context.config());
        return server;
    }
}
