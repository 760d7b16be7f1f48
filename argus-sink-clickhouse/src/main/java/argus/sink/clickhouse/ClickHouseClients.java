package argus.sink.clickhouse;

import argus.api.config.ConfigException;
import argus.api.config.Settings;
import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ClientMisconfigurationException;
import com.clickhouse.client.api.ClientFaultCause;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Builds the official driver's client (client-v2, shipped inside clickhouse-jdbc) from a parsed DSN.
 * The client pools HTTP connections and is thread-safe. Retries are Argus' own (the sink's worker),
 * so the driver's are off, and with them its "Retrying." warning, which carried a full stack trace
 * per failed request and flooded the log during an outage.
 */
final class ClickHouseClients {
    /** TCP connect deadline unless the DSN sets {@code connect_timeout_ms} (capped by the request timeout). */
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private ClickHouseClients() {
    }

    /**
     * @param requestTimeout how long one request may wait for the server's answer: the client's socket
     *                       (response) timeout, so a server that accepts the connection and never
     *                       answers fails the request after this long instead of the client's default
     */
    static Client create(ClickHouseDsn dsn, Duration requestTimeout) {
        Duration connect = dsn.connectTimeout()
                .orElse(DEFAULT_CONNECT_TIMEOUT.compareTo(requestTimeout) < 0 ? DEFAULT_CONNECT_TIMEOUT : requestTimeout);
        Client.Builder builder = new Client.Builder()
                .addEndpoint(dsn.endpoint())
                .setUsername(dsn.user())
                .setPassword(dsn.password())
                .setDefaultDatabase(dsn.database())
                .setConnectTimeout(connect.toMillis(), ChronoUnit.MILLIS)
                .setSocketTimeout(requestTimeout.toMillis(), ChronoUnit.MILLIS)
                .setMaxRetries(0)
                .retryOnFailures(ClientFaultCause.None)
                .compressServerResponse(dsn.compress())
                .setClientName("argus");
        if (!dsn.compress()) {
            builder.compressClientRequest(false).useHttpCompression(false);
        }
        dsn.rootCertificate().ifPresent(builder::setRootCertificate);
        try {
            return builder.build();
        } catch (ClientMisconfigurationException e) {
            // The client reads the sslrootcert file here: an unreadable one is a configuration error, said so.
            throw new ConfigException(Settings.CLICKHOUSE_DSN.key(), "Invalid value (redacted) for setting 'clickhouse_dsn' (env "
                    + Settings.CLICKHOUSE_DSN.envName() + "): the client refused it: "
                    + ClickHouseEventSink.describe(e) + "; check that the 'sslrootcert' file is a readable PEM certificate.");
        }
    }
}
