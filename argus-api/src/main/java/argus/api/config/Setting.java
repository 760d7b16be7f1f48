package argus.api.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One configuration setting. Its {@link #key()} is, at once, the builder argument's name, the
 * {@code ARGUS_*} environment variable ({@link #envName()}) and the OSGi Config Admin property,
 * so one parser and one error message serve every way Argus is configured (docs/ARCHITECTURE.md §2, invariant 6).
 *
 * @param <T> the parsed type
 */
public final class Setting<T> {
    private static final Set<String> TRUE = Set.of("true", "1", "yes", "on");
    private static final Set<String> FALSE = Set.of("false", "0", "no", "off");

    private final String key;
    private final Class<T> type;
    private final T defaultValue;
    private final boolean secret;
    private final String accepted;
    private final String description;
    private final Function<String, T> parser;

    private Setting(String key, Class<T> type, T defaultValue, boolean secret, String accepted,
                    String description, Function<String, T> parser) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.secret = secret;
        this.accepted = accepted;
        this.description = description;
        this.parser = parser;
    }

    static Setting<Boolean> bool(String key, boolean defaultValue, String description) {
        return new Setting<>(key, Boolean.class, defaultValue, false, "true/false, 1/0, yes/no or on/off", description,
                raw -> {
                    String v = raw.trim().toLowerCase(Locale.ROOT);
                    if (TRUE.contains(v)) {
                        return Boolean.TRUE;
                    }
                    if (FALSE.contains(v)) {
                        return Boolean.FALSE;
                    }
                    return null;
                });
    }

    static Setting<Integer> integer(String key, int defaultValue, int min, int max, String description) {
        return new Setting<>(key, Integer.class, defaultValue, false, "a whole number from " + min + " to " + max,
                description, raw -> {
                    try {
                        int v = Integer.parseInt(raw.trim());
                        return v >= min && v <= max ? v : null;
                    } catch (NumberFormatException e) {
                        return null;
                    }
                });
    }

    static Setting<String> text(String key, String defaultValue, Pattern allowed, String accepted, String description) {
        return new Setting<>(key, String.class, defaultValue, false, accepted, description,
                raw -> allowed.matcher(raw.trim()).matches() ? raw.trim() : null);
    }

    /** A credential: its value never appears in messages, logs or {@code /api/config}. */
    static Setting<String> secret(String key, String description) {
        return new Setting<>(key, String.class, "", true, "any non-blank text", description,
                raw -> raw.isBlank() ? null : raw.trim());
    }

    /** The setting's name: builder argument, Config Admin property, and (upper-cased) env suffix. */
    public String key() {
        return key;
    }

    /** The environment variable that sets it, e.g. {@code ARGUS_PORT}. */
    public String envName() {
        return "ARGUS_" + key.toUpperCase(Locale.ROOT);
    }

    public Class<T> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public boolean isSecret() {
        return secret;
    }

    /** What a valid value looks like, in words. */
    public String accepted() {
        return accepted;
    }

    public String description() {
        return description;
    }

    /**
     * Parses a raw value from any source.
     *
     * @param raw    the text as given
     * @param source where it came from ("builder", "environment", a Config Admin PID), for the message
     * @throws ConfigException naming the setting, the value (unless secret) and what is accepted
     */
    public T parse(String raw, String source) {
        Objects.requireNonNull(raw, "raw");
        T value;
        try {
            value = parser.apply(raw);
        } catch (RuntimeException e) {
            value = null;
        }
        if (value == null) {
            String shown = secret ? "(redacted)" : '"' + sanitize(raw) + '"';
            throw new ConfigException(key, "Invalid value " + shown + " for setting '" + key + "' (from " + source
                    + "; env " + envName() + "): expected " + accepted + ".");
        }
        return value;
    }

    /** A value as it may be shown to people: secrets become "(set)" or "(unset)". */
    public String display(Object value) {
        if (secret) {
            return value == null || value.toString().isEmpty() ? "(unset)" : "(set)";
        }
        return String.valueOf(value);
    }

    Optional<T> parseOptional(String raw, String source) {
        return raw == null ? Optional.empty() : Optional.of(parse(raw, source));
    }

    /** Keeps hostile values from forging log lines or flooding a message. */
    static String sanitize(String raw) {
        String oneLine = raw.replaceAll("[\\r\\n\\t\\p{Cntrl}]", "?");
        return oneLine.length() > 80 ? oneLine.substring(0, 80) + "…" : oneLine;
    }

    @Override
    public String toString() {
        return key;
    }
}
