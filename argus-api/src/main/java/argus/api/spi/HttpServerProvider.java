package argus.api.spi;

/** Starts the HTTP server on the module path; provided by argus.http. */
public interface HttpServerProvider {
    /**
     * Starts serving. A port that cannot be bound is logged and reported through the returned
     * server's health (subsystem {@code server} down); it never throws into the bot.
     */
    ArgusHttpServer start(ServerContext context);
}
