package argus.exporter.prometheus;

import argus.api.config.ConfigException;
import argus.api.config.Settings;
import argus.api.spi.PushExporterProvider;
import argus.api.spi.ServerContext;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Starts a {@link PushgatewayPusher} when {@code pushgateway_url} is set (module path; found by ServiceLoader). */
public final class PushgatewayProvider implements PushExporterProvider {

    @Override
    public Optional<AutoCloseable> start(ServerContext context) {
        var config = context.config();
        if (!config.isSet(Settings.PUSHGATEWAY_URL)) {
            return Optional.empty();
        }
        URI base = parse(config.get(Settings.PUSHGATEWAY_URL));
        PushgatewayPusher pusher = PushgatewayPusher.start(base, config.get(Settings.PUSHGATEWAY_JOB),
                config.get(Settings.CLUSTER_ID), context.metrics(), Duration.ofMillis(config.get(Settings.PUSH_INTERVAL_MS)));
        AutoCloseable health = context.subsystem("pushgateway", pusher::health);
        return Optional.of(() -> {
            pusher.close();
            health.close();
        });
    }

    /** The Pushgateway's address; the message never repeats the value (it may hold a password). */
    static URI parse(String url) {
        URI u;
        try {
            u = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw invalid("it is not a URL");
        }
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
            throw invalid("it must start with http:// or https://");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw invalid("it has no host");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw invalid("it must not have a query or fragment");
        }
        return u;
    }

    private static ConfigException invalid(String why) {
        return new ConfigException(Settings.PUSHGATEWAY_URL.key(), "Setting 'pushgateway_url' (ARGUS_PUSHGATEWAY_URL) "
                + "is not usable: " + why + ". Give the Pushgateway's address, e.g. http://pushgateway:9091 "
                + "(user:pass@ for basic authentication).");
    }
}
