package argus.web.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype for PID {@code argus.web} (names as in README, "Configuration"; {@code __} in a method name is a
 * literal underscore). Values are validated by {@link argus.api.config.ArgusConfig}.
 */
@ObjectClassDefinition(id = "argus.web", name = "Argus dashboard",
        description = "The web dashboard and its APIs, served on the argus.http runtime.")
@interface DashboardConfiguration {
    @AttributeDefinition(description = "Serve the dashboard page and its live APIs")
    boolean dashboard() default true;

    @AttributeDefinition(description = "Path of the dashboard page")
    String dashboard__path() default "/";

    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "Token for the dashboard and its APIs; per-guild analytics answers 403 until it is set")
    String dashboard__auth__token() default "";

    @AttributeDefinition(description = "While there is no token: host names (besides IP addresses and localhost) "
            + "the dashboard answers to, separated by commas; any other Host is refused against DNS rebinding")
    String allowed__hosts() default "";
}
