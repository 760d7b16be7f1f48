package argus.sink.clickhouse;

import argus.api.config.ConfigException;
import argus.api.config.Settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed {@code clickhouse_dsn}: {@code http(s)://user:pass@host:8123[/database]} (argus-dpy's
 * form) or a {@code jdbc:clickhouse:} URL. Credentials are kept apart from the URL so that neither
 * {@link #toString()}, logs nor exceptions can carry them.
 */
public final class ClickHouseDsn {
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final String EXPECTED = "expected http(s)://user:pass@host:8123[/database] or "
            + "jdbc:clickhouse:http://host:8123[/database]";

    private final boolean https;
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;

    private ClickHouseDsn(boolean https, String host, int port, String database, String user, String password) {
        this.https = https;
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
        String query = uri.getRawQuery();
        if (query != null) {
            for (String kv : query.split("&")) {
                int eq = kv.indexOf('=');
                String k = eq < 0 ? kv : kv.substring(0, eq);
                String v = eq < 0 ? "" : decode(kv.substring(eq + 1));
                if (k.equals("user")) {
                    user = v;
                } else if (k.equals("password")) {
                    password = v;
                } else if (k.equals("ssl") && v.equals("true")) {
                    https = true;
                }
            }
        }
        if (user.isEmpty()) {
            throw invalid("the user name is empty");
        }
        return new ClickHouseDsn(https, uri.getHost(), port, database, user, password);
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
