package argus.exporter.prometheus.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype for PID {@code argus.pushgateway} (names as in README, "Configuration"; {@code __} in a method
 * name is a literal underscore). Values are validated by {@link argus.api.config.ArgusConfig}.
 */
@ObjectClassDefinition(id = "argus.pushgateway", name = "Argus Pushgateway push",
        description = "Pushes every metric to a Prometheus Pushgateway, for hosts nobody can scrape.")
@interface PushgatewayConfiguration {
    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "The Pushgateway's address, e.g. http://pushgateway:9091 (user:pass@ for basic authentication)")
    String pushgateway__url();

    @AttributeDefinition(description = "The group's job label")
    String pushgateway__job() default "argus";

    @AttributeDefinition(description = "Milliseconds between two pushes (1000 to 3600000)")
    int push__interval__ms() default 15000;
}
