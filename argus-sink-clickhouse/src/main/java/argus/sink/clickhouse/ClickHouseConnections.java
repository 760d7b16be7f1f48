package argus.sink.clickhouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Opens JDBC connections to ClickHouse from a parsed DSN, keeping a few idle ones for reuse (each
 * connection owns an HTTP client, which is not free to build). The driver is instantiated directly
 * rather than through {@code DriverManager}, which does not see drivers across OSGi bundles.
 */
final class ClickHouseConnections implements AutoCloseable {
    private static final int MAX_IDLE = 4;

    private final ClickHouseDsn dsn;
    private final Properties properties = new Properties();
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
    private final java.sql.Driver driver = new com.clickhouse.jdbc.Driver();

    ClickHouseConnections(ClickHouseDsn dsn, Map<String, String> serverSettings, int socketTimeoutMillis) {
        this.dsn = dsn;
        properties.setProperty("user", dsn.user());
        properties.setProperty("password", dsn.password());
        properties.setProperty("compress", "false");
        properties.setProperty("socket_timeout", Integer.toString(socketTimeoutMillis));
        properties.setProperty("connection_timeout", Integer.toString(Math.min(socketTimeoutMillis, 5_000)));
        serverSettings.forEach((k, v) -> properties.setProperty("clickhouse_setting_" + k, v));
    }

    Connection borrow() throws SQLException {
        Connection c;
        while ((c = idle.poll()) != null) {
            if (!c.isClosed()) {
                return c;
            }
        }
        Connection fresh = driver.connect(dsn.jdbcUrl(), properties);
        if (fresh == null) {
            throw new SQLException("the ClickHouse driver does not accept " + dsn.jdbcUrl());
        }
        return fresh;
    }

    /** Returns a healthy connection for reuse; a broken one is closed. */
    void release(Connection c, boolean healthy) {
        if (c == null) {
            return;
        }
        if (healthy && idle.size() < MAX_IDLE) {
            idle.offer(c);
        } else {
            quietlyClose(c);
        }
    }

    static void quietlyClose(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException ignored) {
            // closing a broken connection may fail; nothing else to release
        }
    }

    ClickHouseDsn dsn() {
        return dsn;
    }

    @Override
    public void close() {
        Connection c;
        while ((c = idle.poll()) != null) {
            quietlyClose(c);
        }
    }
}
