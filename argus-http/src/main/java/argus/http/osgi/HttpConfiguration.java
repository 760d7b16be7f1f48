package argus.http.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype for PID {@code argus.http} (names as in README, "Configuration"; {@code _} in a method name is a
 * dot, {@code __} a literal underscore). Values are validated by {@link argus.api.config.ArgusConfig}.
 */
@ObjectClassDefinition(id = "argus.http", name = "Argus HTTP runtime",
        description = "Where /metrics and /healthz (and the dashboard, when argus.web runs) are served.")
@interface HttpConfiguration {
    @AttributeDefinition(description = "Address to bind: 0.0.0.0 for all interfaces, 127.0.0.1 for this machine only")
    String host() default "0.0.0.0";

    @AttributeDefinition(description = "TCP port (0 picks a free one)")
    int port() default 9191;

    @AttributeDefinition(description = "Path of the Prometheus scrape endpoint")
    String metrics__path() default "/metrics";

    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "Bearer token required on /metrics; empty means no token")
    String metrics__auth__token() default "";
}
