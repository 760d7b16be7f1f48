package argus.sink.clickhouse;

import argus.api.config.ArgusConfig;
import argus.api.sink.AnalyticsEvent;
import argus.api.sink.EventKind;
import argus.api.sink.EventSink;
import argus.api.sink.SinkStats;
import com.clickhouse.client.api.Client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * On-demand load driver for the analytics sink (not a test; {@code scripts/bench-sink.sh} runs it):
 * <ol>
 *   <li>sustained throughput: paced producers offer a target rate for a while; the table shows
 *       offered, written and dropped events per second and what the engine holds afterwards;</li>
 *   <li>{@code record()} latency percentiles while the server is cut off for 10 s.</li>
 * </ol>
 * Every figure is measured here, against the same real engine the integration tests use.
 */
public final class SinkLoadDriver {
    private SinkLoadDriver() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("seconds", 20);
        int[] rates = Arrays.stream(System.getProperty("rates", "100000,200000,300000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        String dsn = ClickHouseTestServer.dsn();
        System.out.printf("%nArgus ClickHouse sink load driver — server %s, %d s per rate, 2 producer threads%n%n",
                URI.create(dsn).getHost() + ":" + URI.create(dsn).getPort(), seconds);
        System.out.println("| target events/s | offered/s | written/s | dropped | failed | rows in table | queue cap | batch |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int rate : rates) {
            throughput(dsn, rate, seconds);
        }
        outage(dsn);
        System.exit(0);
    }

    private static ArgusConfig config(String dsn, String table, int capacity, int batch) {
        return ArgusConfig.resolve(Map.of("enable_per_guild", true, "clickhouse_dsn", dsn, "clickhouse_table", table,
                "sink_queue_capacity", capacity, "sink_batch_size", batch, "sink_flush_interval_ms", 200), Map.of());
    }

    private static AnalyticsEvent event(long i) {
        return new AnalyticsEvent(System.currentTimeMillis(), (i & 1) == 0 ? EventKind.INTERACTION : EventKind.APP_COMMAND,
                100_000_000_000_000_000L + (i % 500), "slash_command", "cmd" + (i % 40), 3.5, "success", "", (int) (i % 4),
                "bench");
    }

    private static void throughput(String dsn, int rate, int seconds) throws Exception {
        String table = "argus_bench_" + rate;
        int capacity = 100_000;
        int batch = 50_000;
        EventSink sink = new ClickHouseSinkProvider().open(config(dsn, table, capacity, batch)).orElseThrow();
        // Warm-up: create the table and the connection before measuring.
        sink.record(event(0));
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sink.stats().written() < 1 && System.nanoTime() < warmEnd) {
            Thread.sleep(20);
        }
        SinkStats before = sink.stats();
        AtomicBoolean run = new AtomicBoolean(true);
        List<Thread> producers = new ArrayList<>();
        int perThread = rate / 2;
        long start = System.nanoTime();
        for (int t = 0; t < 2; t++) {
            int offset = t;
            Thread p = new Thread(() -> pace(sink, perThread, run, offset));
            producers.add(p);
            p.start();
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        run.set(false);
        for (Thread p : producers) {
            p.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        SinkStats mid = sink.stats();
        sink.close(Duration.ofSeconds(60));
        SinkStats end = sink.stats();
        long rows;
        try (Client admin = ClickHouseClients.create(ClickHouseDsn.parse(dsn), Duration.ofSeconds(60))) {
            rows = admin.queryAll("SELECT count() AS n FROM " + table).get(0).getLong("n");
            admin.execute("DROP TABLE IF EXISTS " + table).get(60, TimeUnit.SECONDS).close();
        }
        System.out.printf("| %,d | %,.0f | %,.0f | %,d | %,d | %,d | %,d | %,d |%n", rate,
                (mid.offered() - before.offered()) / elapsed, (mid.written() - before.written()) / elapsed,
                end.dropped(), end.failed(), rows, capacity, batch);
    }

    /** Offers {@code perSecond} events per second in 1 ms slices, as a busy bot's shards would. */
    private static void pace(EventSink sink, int perSecond, AtomicBoolean run, int offset) {
        long i = offset;
        long perMilli = Math.max(1, perSecond / 1000);
        long next = System.nanoTime();
        while (run.get()) {
            for (int k = 0; k < perMilli; k++) {
                sink.record(event(i));
                i += 2;
            }
            next += 1_000_000;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private static void outage(String dsn) throws Exception {
        URI target = URI.create(dsn);
        try (CuttableProxy proxy = new CuttableProxy(target.getHost(), target.getPort())) {
            String viaProxy = dsn.replace(target.getHost() + ":" + target.getPort(), "127.0.0.1:" + proxy.port());
            EventSink sink = new ClickHouseSinkProvider().open(config(viaProxy, "argus_bench_outage", 10_000, 5_000))
                    .orElseThrow();
            sink.record(event(0));
            Thread.sleep(2_000);
            proxy.cut();
            int perSecond = 50_000;
            int seconds = 10;
            long[] latencies = new long[perSecond * seconds];
            int n = 0;
            long next = System.nanoTime();
            long end = next + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end && n < latencies.length) {
                for (int k = 0; k < perSecond / 1000 && n < latencies.length; k++) {
                    long t0 = System.nanoTime();
                    sink.record(event(n));
                    latencies[n++] = System.nanoTime() - t0;
                }
                next += 1_000_000;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            SinkStats s = sink.stats();
            boolean down = !sink.health().up();
            proxy.restore();
            sink.close(Duration.ofSeconds(30));
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            System.out.printf("%n`record()` latency while ClickHouse is unreachable for %d s (%,d calls at %,d/s, "
                    + "queue 10,000; sink health down: %s; dropped %,d)%n%n", seconds, n, perSecond, down, s.dropped());
            System.out.println("| p50 | p90 | p99 | p99.9 | p99.99 | max |");
            System.out.println("|---:|---:|---:|---:|---:|---:|");
            System.out.printf("| %s | %s | %s | %s | %s | %s |%n", us(sorted, 0.5), us(sorted, 0.9), us(sorted, 0.99),
                    us(sorted, 0.999), us(sorted, 0.9999), String.format("%.2f µs", sorted[n - 1] / 1000.0));
            try (Client admin = ClickHouseClients.create(ClickHouseDsn.parse(dsn), Duration.ofSeconds(60))) {
                admin.execute("DROP TABLE IF EXISTS argus_bench_outage").get(60, TimeUnit.SECONDS).close();
            }
        }
    }

    private static String us(long[] sorted, double q) {
        return String.format("%.2f µs", sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1000.0);
    }
}
