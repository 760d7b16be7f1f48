package argus.api.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The one resolved configuration of an Argus instance: explicit values (builder arguments or
 * Config Admin properties) over {@code ARGUS_*} environment variables over defaults (docs/ARCHITECTURE.md §2, invariant 6).
 * Immutable; every value is already validated.
 *
 * <pre>{@code
 * ArgusConfig cfg = ArgusConfig.resolve(Map.of("port", "9300"), System.getenv());
 * int port = cfg.get(Settings.PORT);   // 9300
 * }</pre>
 */
public final class ArgusConfig {
    private final Map<Setting<?>, Object> values;
    private final Map<Setting<?>, String> sources;
    private final List<String> warnings;

    private ArgusConfig(Map<Setting<?>, Object> values, Map<Setting<?>, String> sources, List<String> warnings) {
        this.values = values;
        this.sources = sources;
        this.warnings = warnings;
    }

    /** Every setting at its default. */
    public static ArgusConfig defaults() {
        return resolve(Map.of(), Map.of());
    }

    /**
     * Resolves a configuration.
     *
     * @param explicit values keyed by setting name; a value may be a String or an already typed
     *                 value (its text form is validated like any other input). Unknown keys fail.
     * @param env      the environment, usually {@code System.getenv()}; only {@code ARGUS_*} names
     *                 are read, unknown ones produce a warning (a typo must not silently do nothing)
     * @throws ConfigException for the first invalid value, naming the setting and the fix
     */
    public static ArgusConfig resolve(Map<String, ?> explicit, Map<String, String> env) {
        return resolve(explicit, "builder", env);
    }

    /**
     * Resolves an OSGi Config Admin configuration (Config Admin properties &gt; {@code ARGUS_*} &gt;
     * defaults). Properties whose names contain a dot are the framework's bookkeeping
     * ({@code service.pid}, {@code component.name}, {@code felix.fileinstall.filename}, ...) and are
     * skipped; every other key must be one of {@code keys}, the settings this PID owns, so a typo or a
     * key put in the wrong PID fails with the PID in the message instead of doing nothing.
     *
     * <p>Only this PID's own {@code ARGUS_*} variables are read (the others keep their defaults here):
     * a bad value meant for another part, say {@code ARGUS_SINK_BATCH_SIZE}, must not stop this one.
     * Unknown {@code ARGUS_*} names are still warned about.
     */
    public static ArgusConfig fromConfigAdmin(Map<String, ?> properties, String pid, Collection<Setting<?>> keys,
                                              Map<String, String> env) {
        String source = "Config Admin PID " + pid;
        Map<String, Object> settings = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (key.indexOf('.') >= 0 || value == null) {
                return;
            }
            Setting<?> setting = Settings.byKey(key);
            if (setting != null && !keys.contains(setting)) {
                StringBuilder own = new StringBuilder();
                keys.forEach(k -> own.append(own.length() == 0 ? "" : ", ").append(k.key()));
                throw new ConfigException(key, "Setting '" + key + "' is not read from " + source
                        + ": move it to the PID that owns it; this PID's keys are " + own + ".");
            }
            settings.put(key, value);
        });
        Map<String, String> ownEnv = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            Setting<?> known = name.startsWith("ARGUS_")
                    ? Settings.byKey(name.substring(6).toLowerCase(Locale.ROOT)) : null;
            if (known == null || !known.envName().equals(name) || keys.contains(known)) {
                ownEnv.put(name, value);
            }
        });
        return resolve(settings, source, ownEnv);
    }

    /**
     * As {@link #resolve(Map, Map)}, naming the explicit source in messages (for example a Config
     * Admin PID).
     */
    public static ArgusConfig resolve(Map<String, ?> explicit, String explicitSource, Map<String, String> env) {
        Objects.requireNonNull(explicit, "explicit");
        Objects.requireNonNull(env, "env");
        for (String key : explicit.keySet()) {
            if (Settings.byKey(key) == null) {
                throw new ConfigException(key, "Unknown setting '" + Setting.sanitize(key) + "' (from " + explicitSource
                        + "): known settings are " + knownKeys() + ".");
            }
        }
        List<String> warnings = new ArrayList<>();
        for (String name : env.keySet()) {
            Setting<?> known = name.startsWith("ARGUS_") ? Settings.byKey(name.substring(6).toLowerCase(Locale.ROOT)) : null;
            // Compare the exact name: only ARGUS_<UPPER_KEY> is read, so e.g. ARGUS_port would otherwise be
            // neither read nor warned about (a typo that silently does nothing).
            if (name.startsWith("ARGUS_") && (known == null || !known.envName().equals(name))) {
                warnings.add("Ignoring unknown environment variable " + Setting.sanitize(name)
                        + "; known settings are " + knownKeys() + " (as ARGUS_<NAME>).");
            }
        }
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        Map<Setting<?>, String> sources = new LinkedHashMap<>();
        for (Setting<?> s : Settings.all()) {
            Object given = explicit.get(s.key());
            String fromEnv = env.get(s.envName());
            if (given != null) {
                values.put(s, s.parse(given.toString(), explicitSource));
                sources.put(s, explicitSource);
            } else if (fromEnv != null && !fromEnv.isEmpty()) {
                values.put(s, s.parse(fromEnv, "environment " + s.envName()));
                sources.put(s, "environment");
            } else if (s == Settings.PORT && panelPort(env) != null) {
                String name = panelPort(env);
                values.put(s, s.parse(env.get(name), "environment " + name));
                sources.put(s, "environment " + name);
            } else {
                values.put(s, s.defaultValue());
                sources.put(s, "default");
            }
        }
        ArgusConfig cfg = new ArgusConfig(Collections.unmodifiableMap(values), Collections.unmodifiableMap(sources),
                List.copyOf(warnings));
        cfg.checkCombinations();
        return cfg;
    }

    /**
     * Hosting panels (Pterodactyl, PebbleHost, Railway, …) give a bot one port to listen on in
     * {@code SERVER_PORT} or {@code PORT}; when neither the builder nor {@code ARGUS_PORT} chose one,
     * that is the port that can be reached. The name of the variable to use, or null.
     */
    private static String panelPort(Map<String, String> env) {
        for (String name : PANEL_PORTS) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return name;
            }
        }
        return null;
    }

    private static final List<String> PANEL_PORTS = List.of("SERVER_PORT", "PORT");

    private void checkCombinations() {
        if (get(Settings.DASHBOARD) && get(Settings.DASHBOARD_PATH).equals(get(Settings.METRICS_PATH))) {
            throw new ConfigException(Settings.DASHBOARD_PATH.key(), "Settings 'dashboard_path' and 'metrics_path' are both '"
                    + get(Settings.METRICS_PATH) + "': give them different paths, or set dashboard=false.");
        }
    }

    private static String knownKeys() {
        StringBuilder b = new StringBuilder();
        for (Setting<?> s : Settings.all()) {
            b.append(b.length() == 0 ? "" : ", ").append(s.key());
        }
        return b.toString();
    }

    /** The resolved value of a setting. */
    public <T> T get(Setting<T> setting) {
        return setting.type().cast(values.get(setting));
    }

    /** Where a value came from: the explicit source's name, "environment" or "default". */
    public String sourceOf(Setting<?> setting) {
        return sources.get(setting);
    }

    /** True when a text setting (such as a token or the DSN) is non-empty. */
    public boolean isSet(Setting<String> setting) {
        return !get(setting).isEmpty();
    }

    /** Warnings found while resolving (unknown {@code ARGUS_*} variables); the caller logs them. */
    public List<String> warnings() {
        return warnings;
    }

    /** Analytics is on only when both {@code enable_per_guild} and {@code clickhouse_dsn} are set (README, "Per-guild analytics"). */
    public boolean analyticsRequested() {
        return get(Settings.ENABLE_PER_GUILD) && isSet(Settings.CLICKHOUSE_DSN);
    }

    /** Every setting with its value as it may be shown (secrets as "(set)"/"(unset)"). */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((s, v) -> out.put(s.key(), s.display(v)));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return "ArgusConfig" + describe();
    }
}
