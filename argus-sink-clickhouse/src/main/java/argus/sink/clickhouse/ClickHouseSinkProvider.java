package argus.sink.clickhouse;

import argus.api.config.ArgusConfig;
import argus.api.config.Settings;
import argus.api.query.AnalyticsQuery;
import argus.api.sink.EventSink;
import argus.api.spi.EventSinkProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Opens the ClickHouse sink when the configuration asks for analytics (both {@code enable_per_guild}
 * and {@code clickhouse_dsn}). Opening never touches the network: the worker connects lazily and
 * reports health, so an unreachable ClickHouse never delays or fails the bot's start.
 */
public final class ClickHouseSinkProvider implements EventSinkProvider {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkProvider.class);
    /** Dashboard requests wait at most this long for an answer before the API reports 503. */
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "clickhouse";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Optional<EventSink> open(ArgusConfig config) {
        if (!config.analyticsRequested()) {
            return Optional.empty();
        }
        ClickHouseDsn dsn = ClickHouseDsn.parse(config.get(Settings.CLICKHOUSE_DSN));
        ClickHouseSchema schema = schema(config);
        String cluster = config.get(Settings.CLICKHOUSE_CLUSTER);
        String description = dsn + " table " + config.get(Settings.CLICKHOUSE_TABLE)
                + (cluster.isEmpty() ? "" : " on cluster " + cluster);
        Duration requestTimeout = Duration.ofMillis(config.get(Settings.CLICKHOUSE_REQUEST_TIMEOUT_MS));
        LOG.info("Per-guild analytics on: ClickHouse {}", description);
        return Optional.of(new ClickHouseEventSink(
                new RowBinaryBatchWriter(ClickHouseClients.create(dsn, requestTimeout),
                        InetSocketAddress.createUnresolved(dsn.host(), dsn.port()), schema, serverSettings(config),
                        requestTimeout),
                config.get(Settings.SINK_QUEUE_CAPACITY), config.get(Settings.SINK_BATCH_SIZE),
                Duration.ofMillis(config.get(Settings.SINK_FLUSH_INTERVAL_MS)), requestTimeout, description));
    }

    @Override
    public Optional<AnalyticsQuery> openQuery(ArgusConfig config) {
        if (!config.analyticsRequested()) {
            return Optional.empty();
        }
        ClickHouseDsn dsn = ClickHouseDsn.parse(config.get(Settings.CLICKHOUSE_DSN));
        return Optional.of(new ClickHouseAnalyticsQuery(ClickHouseClients.create(dsn, QUERY_TIMEOUT),
                schema(config), Clock.systemUTC()));
    }

    private static ClickHouseSchema schema(ArgusConfig config) {
        return new ClickHouseSchema(config.get(Settings.CLICKHOUSE_TABLE), config.get(Settings.CLICKHOUSE_RETENTION_DAYS),
                config.get(Settings.CLICKHOUSE_CLUSTER));
    }

    /**
     * Server-side settings sent with every insert. On a cluster, {@code insert_distributed_sync}: the insert
     * into the Distributed table returns once every shard has its rows (the default queues them on the
     * receiving server's disk and forwards them later), so "written" keeps meaning "in the table", as on
     * one server. (Newer servers call it {@code distributed_foreground_insert}; the old name is an alias.)
     */
    static Map<String, String> serverSettings(ArgusConfig config) {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        if (config.get(Settings.CLICKHOUSE_ASYNC_INSERT)) {
            settings.put("async_insert", "1");
            settings.put("wait_for_async_insert", "1");
        }
        if (!config.get(Settings.CLICKHOUSE_CLUSTER).isEmpty()) {
            settings.put("insert_distributed_sync", "1");
        }
        return Map.copyOf(settings);
    }
}
