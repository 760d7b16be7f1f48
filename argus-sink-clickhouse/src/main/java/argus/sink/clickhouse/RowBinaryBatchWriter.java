package argus.sink.clickhouse;

import argus.api.sink.AnalyticsEvent;
import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes a batch as one RowBinary insert through client-v2. Measured against a JDBC batch insert of
 * the same 100k rows: 0.2–0.5 s against 0.9–1.7 s, because the JDBC driver spends most of its
 * time rendering an {@code INSERT … VALUES} text that the server then parses again (BENCHMARKS.md).
 */
final class RowBinaryBatchWriter implements BatchWriter {
    private static final long TIMEOUT_SECONDS = 60;

    private final Client client;
    private final ClickHouseSchema schema;
    private final InsertSettings settings;
    private final RowBinaryEncoder encoder = new RowBinaryEncoder();

    RowBinaryBatchWriter(Client client, ClickHouseSchema schema, Map<String, String> serverSettings) {
        this.client = client;
        this.schema = schema;
        this.settings = new InsertSettings();
        serverSettings.forEach(settings::serverSetting);
    }

    @Override
    public void prepare() throws Exception {
        schema.apply(client);
    }

    @Override
    public void write(List<AnalyticsEvent> batch) throws Exception {
        byte[] rows = encoder.encode(batch);
        try (InsertResponse ignored = client.insert(schema.table(), ClickHouseSchema.COLUMN_LIST,
                new ByteArrayInputStream(rows), ClickHouseFormat.RowBinary, settings)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            // The response only confirms the write; nothing to read.
        }
    }

    @Override
    public boolean reachable() {
        try {
            return client.ping(2_000);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
