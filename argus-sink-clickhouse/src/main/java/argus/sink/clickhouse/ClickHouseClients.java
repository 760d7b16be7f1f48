package argus.sink.clickhouse;

import com.clickhouse.client.api.Client;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Builds the official driver's client (client-v2, shipped inside clickhouse-jdbc) from a parsed DSN.
 * The client pools HTTP connections and is thread-safe; retries are Argus' own (the sink's breaker),
 * so the driver's are off.
 */
final class ClickHouseClients {
    private ClickHouseClients() {
    }

    static Client create(ClickHouseDsn dsn, Duration socketTimeout) {
        return new Client.Builder()
                .addEndpoint(dsn.endpoint())
                .setUsername(dsn.user())
                .setPassword(dsn.password())
                .setDefaultDatabase(dsn.database())
                .setConnectTimeout(Math.min(5_000, socketTimeout.toMillis()), ChronoUnit.MILLIS)
                .setSocketTimeout(socketTimeout.toMillis(), ChronoUnit.MILLIS)
                .setMaxRetries(0)
                .setClientName("argus")
                .build();
    }
}
