package argus.web.dashboard;

import argus.api.config.ArgusConfig;
import argus.api.query.AnalyticsQuery;
import argus.api.sink.AnalyticsEvent;
import argus.api.sink.EventKind;
import argus.api.sink.EventSink;
import argus.sink.clickhouse.ClickHouseSinkProvider;
import argus.sink.clickhouse.ClickHouseTestServer;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The real analytics chain for the browser test: the ClickHouse engine the sink's own integration
 * tests use ({@link ClickHouseTestServer}: CLICKHOUSE_DSN, Testcontainers or the chDB fixture), rows written through the real
 * {@link ClickHouseSinkProvider} sink, read back through its real {@link AnalyticsQuery}.
 */
final class RealClickHouse implements AutoCloseable {
    static final String GUILD = "424242424242424242";
    static final String OTHER_GUILD = "515151515151515151";

    final String dsn;
    final AnalyticsQuery query;

    private RealClickHouse(String dsn, AnalyticsQuery query) {
        this.dsn = dsn;
        this.query = query;
    }

    static ArgusConfig config(String dsn) {
        return ArgusConfig.resolve(Map.of("enable_per_guild", "true", "clickhouse_dsn", dsn,
                "clickhouse_table", "argus_events_dashboard", "sink_flush_interval_ms", "50"), Map.of());
    }

    /** Starts (or finds) the engine and writes the test guilds' rows through the real sink. */
    static RealClickHouse start() throws Exception {
        String dsn = ClickHouseTestServer.dsn();
        ClickHouseSinkProvider provider = new ClickHouseSinkProvider();
        ArgusConfig config = config(dsn);
        EventSink sink = provider.open(config).orElseThrow();
        try {
            write(sink);
        } finally {
            sink.close(Duration.ofSeconds(30));
        }
        if (sink.stats().written() < sink.stats().accepted()) {
            throw new IllegalStateException("the sink wrote " + sink.stats().written() + " of "
                    + sink.stats().accepted() + " rows: " + sink.health().detail());
        }
        return new RealClickHouse(dsn, provider.openQuery(config).orElseThrow());
    }

    /**
     * Guild {@link #GUILD}: interactions on three days (5, 3, 4) and commands {@code ping} (10, 20,
     * 30, 40 ms, all successful) and {@code play} (100 ms ok, 300 ms failed). Another guild has 1.
     */
    private static void write(EventSink sink) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        int[] perDay = {5, 3, 4};
        for (int d = 0; d < perDay.length; d++) {
            long base = today.minusDays(2 - d).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + 3_600_000;
            for (int i = 0; i < perDay[d]; i++) {
                long ts = Math.min(base + i * 60_000L, Instant.now().toEpochMilli());
                check(sink.record(new AnalyticsEvent(ts, EventKind.INTERACTION, Long.parseUnsignedLong(GUILD),
                        "slash_command", "ping", 0, "", "", 0, "eu-1")));
            }
        }
        long now = Instant.now().toEpochMilli() - 60_000;
        double[] ping = {10, 20, 30, 40};
        for (double ms : ping) {
            check(sink.record(new AnalyticsEvent(now, EventKind.APP_COMMAND, Long.parseUnsignedLong(GUILD),
                    "slash_command", "ping", ms, "success", "", 0, "eu-1")));
        }
        check(sink.record(new AnalyticsEvent(now, EventKind.APP_COMMAND, Long.parseUnsignedLong(GUILD),
                "slash_command", "play", 100, "success", "", 0, "eu-1")));
        check(sink.record(new AnalyticsEvent(now, EventKind.APP_COMMAND, Long.parseUnsignedLong(GUILD),
                "slash_command", "play", 300, "error", "IllegalStateException", 0, "eu-1")));
        check(sink.record(new AnalyticsEvent(now, EventKind.INTERACTION, Long.parseUnsignedLong(OTHER_GUILD),
                "button", "", 0, "", "", 0, "eu-1")));
    }

    private static void check(boolean accepted) {
        if (!accepted) {
            throw new IllegalStateException("the sink refused an event");
        }
    }

    @Override
    public void close() throws Exception {
        // The engine belongs to ClickHouseTestServer, which stops it when the JVM exits.
        ((AutoCloseable) query).close();
    }
}
