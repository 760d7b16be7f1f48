package argus.api.spi;

import argus.api.health.HealthReporter;

/** A running Argus HTTP server. */
public interface ArgusHttpServer extends HealthReporter, AutoCloseable {
    /** The bound port (useful with port 0), or -1 when it could not bind. */
    int port();

    @Override
    void close();
}
