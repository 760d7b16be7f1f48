package argus.sink.clickhouse;

import argus.api.config.ConfigException;
import argus.api.config.Settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed {@code clickhouse_dsn}: {@code http(s)://user:pass@host:8123[/database]} (argus-dpy's
 * form) or a {@code jdbc:clickhouse:} URL. Credentials are kept apart from the URL so that neither
 * {@link #toString()}, logs nor exceptions can carry them. Query parameters are strict: the
 * {@link #SUPPORTED_PARAMETERS} are applied, any other is a {@code ConfigException} that names it.
 */
public final class ClickHouseDsn {
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    /** The query parameters a DSN may carry, as the README documents them. */
    static final List<String> SUPPORTED_PARAMETERS = List.of("user", "password", "database", "ssl", "sslrootcert",
            "compress", "connect_timeout_ms");
    /** Other tools' names for an answer deadline: refused with a pointer to the setting that does it here. */
    private static final Set<String> TIMEOUT_ALIASES = Set.of("socket_timeout", "send_receive_timeout",
            "request_timeout", "request_timeout_ms", "query_timeout");
    private static final String EXPECTED = "expected http(s)://user:pass@host:8123[/database] or "
            + "jdbc:clickhouse:http://host:8123[/database]";

    private final boolean https;
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final boolean compress;
    private final Optional<Duration> connectTimeout;
    private final Optional<String> rootCertificate;

    private ClickHouseDsn(boolean https, String host, int port, String database, String user, String password,
                          boolean compress, Optional<Duration> connectTimeout, Optional<String> rootCertificate) {
        this.https = https;
        this.compress = compress;
        this.connectTimeout = connectTimeout;
        this.rootCertificate = rootCertificate;
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    /**
     * Parses a DSN.
     *
     * @throws ConfigException naming {@code clickhouse_dsn} and the accepted forms; the message never
     *                         contains the DSN's credentials
     */
    public static ClickHouseDsn parse(String raw) {
        Objects.requireNonNull(raw, "raw");
        String text = raw.trim();
        if (text.startsWith("jdbc:clickhouse:")) {
            text = text.substring("jdbc:clickhouse:".length());
        } else if (text.startsWith("jdbc:ch:")) {
            text = text.substring("jdbc:ch:".length());
        }
        if (text.startsWith("//")) {
            text = "http:" + text;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid("it is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("the scheme must be http or https (ClickHouse's HTTP interface)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid("it names no host");
        }
        boolean https = scheme.equals("https");
        int port = uri.getPort() == -1 ? (https ? 8443 : 8123) : uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = path.isEmpty() || path.equals("/") ? "default" : path.substring(1);
        if (database.endsWith("/")) {
            database = database.substring(0, database.length() - 1);
        }
        if (!DATABASE.matcher(database).matches()) {
            throw invalid("the path must be a database name (letters, digits, _)");
        }
        String user = "default";
        String password = "";
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        Parameters parameters = Parameters.parse(uri.getRawQuery());
        user = parameters.take("user", user);
        password = parameters.take("password", password);
        String databaseParameter = parameters.take("database", null);
        if (databaseParameter != null) {
            if (!database.equals("default") && !database.equals(databaseParameter)) {
                throw invalid("the path and the 'database' parameter name different databases");
            }
            database = databaseParameter;
            if (!DATABASE.matcher(database).matches()) {
                throw invalid("the 'database' parameter must be a database name (letters, digits, _)");
            }
        }
        String ssl = parameters.take("ssl", null);
        if (ssl != null) {
            https = flag("ssl", ssl);
            if (uri.getPort() == -1) {
                port = https ? 8443 : 8123;
            }
        }
        String rootCertificate = parameters.take("sslrootcert", null);
        if (rootCertificate != null && !https) {
            throw invalid("'sslrootcert' needs TLS (https:// or ssl=true)");
        }
        String compressParameter = parameters.take("compress", null);
        boolean compress = compressParameter == null || flag("compress", compressParameter);
        String connectParameter = parameters.take("connect_timeout_ms", null);
        Duration connectTimeout = connectParameter == null ? null : millis("connect_timeout_ms", connectParameter);
        parameters.rejectTheRest();
        if (user.isEmpty()) {
            throw invalid("the user name is empty");
        }
        return new ClickHouseDsn(https, uri.getHost(), port, database, user, password, compress,
                Optional.ofNullable(connectTimeout), Optional.ofNullable(rootCertificate));
    }

    private static boolean flag(String name, String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw invalid("the '" + name + "' parameter must be 1, 0, true or false");
        };
    }

    private static Duration millis(String name, String value) {
        try {
            long ms = Long.parseLong(value);
            if (ms >= 1 && ms <= 600_000) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("the '" + name + "' parameter must be a whole number of milliseconds from 1 to 600000");
    }

    /**
     * The DSN's query parameters, taken one by one; whatever is left is an error naming it, so a
     * misspelt or unsupported option is never ignored silently.
     */
    private static final class Parameters {
        private final Map<String, String> values = new LinkedHashMap<>();

        static Parameters parse(String rawQuery) {
            Parameters p = new Parameters();
            if (rawQuery == null || rawQuery.isEmpty()) {
                return p;
            }
            for (String kv : rawQuery.split("&")) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                String k = decode(eq < 0 ? kv : kv.substring(0, eq));
                String v = eq < 0 ? "" : decode(kv.substring(eq + 1));
                if (p.values.put(k, v) != null) {
                    throw invalid("the parameter '" + printable(k) + "' is given twice");
                }
            }
            return p;
        }

        String take(String key, String otherwise) {
            String v = values.remove(key);
            return v == null ? otherwise : v;
        }

        void rejectTheRest() {
            if (values.isEmpty()) {
                return;
            }
            StringBuilder names = new StringBuilder();
            for (String k : values.keySet()) {
                names.append(names.length() == 0 ? "" : ", ").append('\'').append(printable(k)).append('\'');
            }
            String hint = values.keySet().stream().anyMatch(TIMEOUT_ALIASES::contains)
                    ? " (the answer deadline is the clickhouse_request_timeout_ms setting)" : "";
            throw invalid("unknown parameter" + (values.size() > 1 ? "s " : " ") + names + hint
                    + "; supported: " + String.join(", ", SUPPORTED_PARAMETERS));
        }

        /** A parameter name as it may appear in a message: short, printable, never a value. */
        private static String printable(String name) {
            String p = name.replaceAll("[^A-Za-z0-9_.\\-]", "?");
            return p.length() > 40 ? p.substring(0, 40) + "…" : p;
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static ConfigException invalid(String why) {
        return new ConfigException(Settings.CLICKHOUSE_DSN.key(), "Invalid value (redacted) for setting 'clickhouse_dsn' (env "
                + Settings.CLICKHOUSE_DSN.envName() + "): " + why + "; " + EXPECTED + ".");
    }

    /** The HTTP endpoint without credentials, e.g. {@code http://ch.internal:8123}. */
    public String endpoint() {
        return (https ? "https" : "http") + "://" + host + ":" + port;
    }

    /** The JDBC URL without credentials. */
    public String jdbcUrl() {
        return "jdbc:clickhouse:" + endpoint() + "/" + database;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    /** Whether requests and answers are LZ4-compressed ({@code compress}, on unless {@code compress=0}). */
    public boolean compress() {
        return compress;
    }

    /** The TCP connect deadline ({@code connect_timeout_ms}); empty: the sink's default. */
    public Optional<Duration> connectTimeout() {
        return connectTimeout;
    }

    /** A PEM file of the CA that signed the server's certificate ({@code sslrootcert}); empty: the JVM's trust store. */
    public Optional<String> rootCertificate() {
        return rootCertificate;
    }

    public String user() {
        return user;
    }

    /** The password; never logged. */
    String password() {
        return password;
    }

    /** Safe to log: endpoint, database and user, password never. */
    @Override
    public String toString() {
        return endpoint() + "/" + database + " (user " + user + (password.isEmpty() ? "" : ", password set") + ")";
    }
}
