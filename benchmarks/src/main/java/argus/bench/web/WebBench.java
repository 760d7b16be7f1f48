package argus.bench.web;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue 4's on-demand benchmark driver (run by {@code scripts/bench-web.sh}, never by the build):
 * <ul>
 *   <li>{@code stream}: {@code /api/stream} fan-out with 1, 16, 32 and 64 SSE viewers ({@link StreamFanout});</li>
 *   <li>{@code analytics}: {@code /api/analytics/*} latency on a 10M-row table in a real ClickHouse engine
 *       ({@link AnalyticsLatency}); needs {@code -Ddsn=http://host:port}.</li>
 * </ul>
 * The snapshot build time itself is the JMH benchmark {@link SnapshotBuildBenchmark}. Everything drives
 * the product through {@code Argus.builder(...)} and plain HTTP.
 *
 * <pre>
 * java -cp ... argus.bench.web.WebBench [stream] [analytics]
 *   -Dintervals=10 -Dviewers=1,16,32,64                                   (stream)
 *   -Ddsn=http://127.0.0.1:8123 -Drows=10000000 -Dwarmup=10 -Drequests=60
 *   -Dtable=argus_bench_events -Dreuse=false -Dvariants=true               (analytics)
 * </pre>
 */
public final class WebBench {
    private WebBench() {
    }

    /** /proc/loadavg: the machine is shared, so every result is printed next to the load it ran under. */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> parts = args.length == 0 ? List.of("stream", "analytics") : Arrays.asList(args);
        System.out.printf(Locale.ROOT, "WebBench: %s; %d CPUs; %s %s; max heap %d MB%n", parts,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), Runtime.getRuntime().maxMemory() >> 20);
        for (String part : parts) {
            System.out.println("load average before " + part + ": " + loadAverage());
            switch (part) {
                case "stream" -> new StreamFanout(Integer.getInteger("intervals", 10),
                        Arrays.stream(System.getProperty("viewers", "1,16,32,64").split(","))
                                .map(String::trim).map(Integer::valueOf).toList()).run();
                case "analytics" -> {
                    String dsn = System.getProperty("dsn");
                    if (dsn == null || dsn.isBlank()) {
                        throw new IllegalArgumentException("analytics needs -Ddsn=http://host:port (scripts/bench-web.sh "
                                + "passes CLICKHOUSE_DSN or starts tools/clickhouse-fixture)");
                    }
                    new AnalyticsLatency(dsn, System.getProperty("table", "argus_bench_events"),
                            Long.getLong("rows", 10_000_000L), Integer.getInteger("warmup", 10),
                            Integer.getInteger("requests", 60), Boolean.getBoolean("reuse"),
                            Boolean.parseBoolean(System.getProperty("variants", "true"))).run();
                }
                default -> throw new IllegalArgumentException("unknown part '" + part + "': stream or analytics");
            }
            System.out.println("load average after " + part + ": " + loadAverage());
        }
        System.exit(0); // JDA / HTTP client daemon threads aside, nothing is left to wait for
    }
}
