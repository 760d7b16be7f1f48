package argus.sink.clickhouse;

import argus.api.sink.AnalyticsEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Writes batches with one JDBC batch insert per batch (one {@code INSERT … VALUES} request). */
final class JdbcBatchWriter implements BatchWriter {
    private final ClickHouseConnections connections;
    private final ClickHouseSchema schema;
    private final String insert;
    private Connection connection;

    JdbcBatchWriter(ClickHouseConnections connections, ClickHouseSchema schema) {
        this.connections = connections;
        this.schema = schema;
        this.insert = "INSERT INTO " + schema.table() + " (" + ClickHouseSchema.COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    @Override
    public void prepare() throws SQLException {
        schema.apply(connection());
    }

    @Override
    public void write(List<AnalyticsEvent> batch) throws SQLException {
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            for (AnalyticsEvent e : batch) {
                ps.setString(1, Timestamps.iso(e.epochMillis()));
                ps.setString(2, e.event().wireName());
                ps.setString(3, e.guildIdText());
                ps.setString(4, e.type());
                ps.setString(5, e.command());
                ps.setDouble(6, e.durationMs());
                ps.setString(7, e.clusterId());
                ps.setString(8, e.outcome());
                ps.setString(9, e.errorType());
                ps.setLong(10, e.shardId());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException | RuntimeException e) {
            dropConnection();
            throw e;
        }
    }

    @Override
    public boolean reachable() {
        try (Connection c = connections.borrow(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = connections.borrow();
        }
        return connection;
    }

    private void dropConnection() {
        if (connection != null) {
            ClickHouseConnections.quietlyClose(connection);
            connection = null;
        }
    }

    @Override
    public void close() {
        dropConnection();
    }
}
