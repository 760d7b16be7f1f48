package argus.web;

import argus.api.spi.ArgusHttpServer;
import argus.api.spi.HttpServerProvider;
import argus.api.spi.ServerContext;

/** Module-path entry point: core finds this with {@code ServiceLoader} and starts the server. */
public final class JettyServerProvider implements HttpServerProvider {
    @Override
    public ArgusHttpServer start(ServerContext context) {
        ArgusWebServer server = new ArgusWebServer(context);
        server.start(context.config());
        return server;
    }
}
