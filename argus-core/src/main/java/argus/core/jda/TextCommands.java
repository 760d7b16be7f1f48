package argus.core.jda;

import argus.core.Catalogue;
import argus.core.registry.Counter;
import argus.core.registry.Histogram;
import argus.core.registry.MetricRegistry;

/**
 * Prefix (text) commands, in argus-dpy's series: {@code commands_total{command,status}},
 * {@code command_duration_seconds{command}} and, for a failed one, {@code command_errors_total
 * {command,error_type}} (shared with application commands, as in argus-dpy). JDA has no prefix-command
 * framework to observe, so a bot declares its commands by running them through
 * {@code Instrumentation.command}; this records what that call measured.
 */
public final class TextCommands {
    private final Counter commands;
    private final Histogram duration;
    private final Counter errors;

    TextCommands(Counter commands, Histogram duration, Counter errors) {
        this.commands = commands;
        this.duration = duration;
        this.errors = errors;
    }

    /** The families in a registry of their own (a {@code UserMetrics} built without {@link BotMetrics}). */
    public static TextCommands register(MetricRegistry registry, String namespace) {
        return new TextCommands(BotMetrics.counter(registry, Catalogue.COMMANDS, namespace),
                BotMetrics.histogram(registry, Catalogue.COMMAND_DURATION, namespace, BotMetrics.COMMAND_BUCKETS),
                BotMetrics.counter(registry, Catalogue.COMMAND_ERRORS, namespace));
    }

    /**
     * One finished command: its duration and status, and its error's type (the exception's simple
     * class name, as for application commands) when {@code error} is not null. Label values go through
     * the registry's policy (capped, id-like values collapse into {@code other}).
     */
    public void record(String command, double seconds, Throwable error) {
        duration.labels(command).observe(seconds);
        commands.labels(command, error == null ? "success" : "error").inc();
        if (error != null) {
            String type = error.getClass().getSimpleName();
            errors.labels(command, type.isEmpty() ? error.getClass().getName() : type).inc();
        }
    }
}
