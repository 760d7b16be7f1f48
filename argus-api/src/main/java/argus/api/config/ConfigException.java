package argus.api.config;

/**
 * A setting has a value Argus cannot use. The message always names the setting (as builder
 * argument, environment variable and Config Admin property), the offending value (redacted for
 * secrets) and what would be accepted, so the fix is in the message itself.
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The setting's name, e.g. {@code port}. */
    public String key() {
        return key;
    }
}
