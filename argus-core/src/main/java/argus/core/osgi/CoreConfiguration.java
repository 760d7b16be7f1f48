package argus.core.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype for PID {@code argus.core} (names as in README, "Configuration"; {@code __} in a method name is a
 * literal underscore). Values are validated by {@link argus.api.config.ArgusConfig}, not here.
 */
@ObjectClassDefinition(id = "argus.core", name = "Argus core",
        description = "What Argus observes and how it names it. Every key is optional.")
@interface CoreConfiguration {
    @AttributeDefinition(description = "Metric name prefix (discord_*); argus_* self-metrics are never prefixed")
    String namespace() default "discord";

    @AttributeDefinition(description = "Value of the cluster label on every series and analytics row")
    String cluster__id() default "default";

    @AttributeDefinition(description = "Most interactions timed at once; older ones are evicted and counted")
    int timer__cap() default 10_000;

    @AttributeDefinition(description = "Most distinct values per label; more collapse into 'other' (counted)")
    int label__cap() default 200;

    @AttributeDefinition(description = "JVM and process metrics (jvm_*, process_*) on the metrics endpoint")
    boolean jvm__metrics() default true;

    @AttributeDefinition(description = "Log records by logger and level (discord_log_records_total), counted through Logback")
    boolean log__metrics() default true;
}
