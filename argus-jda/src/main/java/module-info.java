/**
 * The starter: a bot that {@code requires argus.jda} (or just {@code argus.core}, with this jar on
 * its module path) gets core, the Prometheus exposition and the HTTP runtime, found as services.
 * Requiring the two optional modules here keeps them resolved even for a launcher that does not bind
 * services (jlink images built with {@code --add-modules} of the bot alone).
 */
module argus.jda {
    requires transitive argus.core;
    requires argus.exporter.prometheus;
    requires argus.http;
}
