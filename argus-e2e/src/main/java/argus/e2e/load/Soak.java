package argus.e2e.load;

import argus.api.sink.EventSink;
import argus.api.sink.SinkStats;
import argus.core.Argus;
import argus.core.ArgusBuilder;
import argus.example.bot.Demo;
import net.dv8tion.jda.api.sharding.ShardManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The demo as it runs for days, compressed into minutes: the example bot ({@link Demo}: a real JDA
 * ShardManager on the local Discord, its users and its deliberate faults) with Argus attached as the
 * demo attaches it ({@code Argus.instrument}, per-guild analytics into ClickHouse, /metrics scraped),
 * at a high rate. Every sample forces a full GC and records the heap it left (the live set) and the
 * live threads, those of the pools that follow the load ({@link #ELASTIC}) apart; the result is their
 * slope over the measured part (after the warm-up) by least squares, and the first against the last
 * samples. A bot whose state is bounded shows the heap and the fixed threads flat.
 *
 * <pre>{@code
 * Soak.Result r = Soak.run(new Soak.Settings(400, Duration.ofMinutes(5), Duration.ofSeconds(60),
 *         Duration.ofSeconds(15), 40, 2, 0), dsn, "argus_events_soak", System.out::println);
 * }</pre>
 *
 * From the command line through the load driver: {@code scripts/bench-e2e.sh --soak-minutes 5 [--rate 400]
 * [--warmup 60] [--sample-s 15] [--guilds 40] [--shards 2] [--analytics true]}.
 */
public final class Soak {
    private Soak() {
    }

    /**
     * @param heldInteractions the interactions the local Discord remembers at most (0: the demo's own bound)
     */
    public record Settings(double rate, Duration duration, Duration warmup, Duration sampleEvery, int guilds, int shards,
                           int heldInteractions) {
        public Settings {
            if (!(rate > 0) || warmup.compareTo(duration) >= 0 || sampleEvery.isZero() || sampleEvery.isNegative()) {
                throw new IllegalArgumentException("rate > 0, warmup < duration and sampleEvery > 0 are required");
            }
        }
    }

    /**
     * Thread pools whose size follows the peak request concurrency and shrinks back only after its extra
     * threads idle (a minute; JDA's elastic pool: two), so a burst (a global 429 released at once, a
     * stalled machine) adds threads for a while without anything leaking: the local Discord's (its HTTP
     * server's cached pool, one thread per gateway connection), JDA's elastic rate-limit pool (a cached
     * pool with a 2-minute keep-alive; a callback is a bucket of its own, so one worker per callback in
     * flight) and okhttp's task runner. Reported, but not part of {@link Sample#fixedThreads}.
     */
    static final List<String> ELASTIC = List.of("LocalRest-", "LocalGateway-", "JDA RateLimit-Elastic-Worker",
            "OkHttp TaskRunner");

    /**
     * One sample, taken right after a full GC. {@code liveThreads}: every live thread of the JVM;
     * {@code fixedThreads}: those outside the {@link #ELASTIC} pools (JDA's shards, Argus, the example
     * bot's scheduler, a thread anyone starts and keeps), which a bounded bot keeps constant;
     * {@code elasticThreads}: JDA's elastic rate-limit pool alone. {@code threadGroups}: live threads by
     * name with digits folded ({@code JDA [N / N] RateLimit-Worker N}), to tell which pool grew.
     */
    public record Sample(double seconds, boolean measured, long sent, long heapAfterGcBytes, int liveThreads,
                         int fixedThreads, int elasticThreads, Map<String, Integer> threadGroups,
                         int heldInteractions, long written, long dropped) {
        public double heapAfterGcMiB() {
            return heapAfterGcBytes / (1024.0 * 1024.0);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%7.0f s %s  sent %,10d  heap after GC %7.1f MiB  live threads %4d (fixed %3d, JDA elastic %3d)  "
                            + "held interactions %,7d  analytics written %,10d dropped %,d", seconds, measured ? " " : "w",
                    sent, heapAfterGcMiB(), liveThreads, fixedThreads, elasticThreads, heldInteractions, written,
                    dropped);
        }
    }

    /** Every sample, and the measured ones' trends. */
    public record Result(Settings settings, List<Sample> samples) {
        public List<Sample> measured() {
            return samples.stream().filter(Sample::measured).toList();
        }

        /** Least-squares slope of the heap after GC over the measured samples, in MiB per 10 minutes. */
        public double heapSlopeMiBPer10Min() {
            return slope(measured(), Sample::heapAfterGcMiB) * 600;
        }

        /** Least-squares slope of the fixed threads over the measured samples, per 10 minutes. */
        public double threadSlopePer10Min() {
            return slope(measured(), s -> s.fixedThreads()) * 600;
        }

        /** Least-squares slope of all live threads over the measured samples, per 10 minutes. */
        public double liveThreadSlopePer10Min() {
            return slope(measured(), s -> s.liveThreads()) * 600;
        }

        /** Median heap after GC of the last three measured samples minus that of the first three, in MiB. */
        public double heapGrowthMiB() {
            return lastMinusFirst(Sample::heapAfterGcMiB);
        }

        /** Median fixed threads of the last three measured samples minus that of the first three. */
        public double threadGrowth() {
            return lastMinusFirst(s -> s.fixedThreads());
        }

        private double lastMinusFirst(ToDoubleFunction<Sample> f) {
            List<Sample> m = measured();
            int k = Math.min(3, m.size());
            return median(m.subList(m.size() - k, m.size()), f) - median(m.subList(0, k), f);
        }

        /** Thread groups whose count differs between the first and the last measured sample. */
        public String threadGroupChanges() {
            List<Sample> m = measured();
            Map<String, Integer> first = m.get(0).threadGroups();
            Map<String, Integer> last = m.get(m.size() - 1).threadGroups();
            java.util.TreeSet<String> names = new java.util.TreeSet<>(first.keySet());
            names.addAll(last.keySet());
            StringBuilder b = new StringBuilder();
            for (String name : names) {
                int a = first.getOrDefault(name, 0);
                int z = last.getOrDefault(name, 0);
                if (a != z) {
                    b.append(b.length() == 0 ? "" : ", ").append('\'').append(name).append("' ").append(a).append(" -> ").append(z);
                }
            }
            return b.length() == 0 ? "none" : b.toString();
        }

        public String summary() {
            List<Sample> m = measured();
            Sample first = m.get(0);
            Sample last = m.get(m.size() - 1);
            double secs = last.seconds() - first.seconds();
            return String.format(Locale.ROOT, "soak: %.0f interactions/s for %.0f s measured (after %d s warm-up), %,d sent; "
                            + "heap after GC %.1f -> %.1f MiB (slope %+.2f MiB/10 min, last-3 minus first-3 medians %+.1f MiB); "
                            + "fixed threads %d -> %d (slope %+.1f/10 min, medians %+.0f); all live threads %d -> %d "
                            + "(%d..%d, slope %+.1f/10 min; JDA's elastic rate-limit pool %d..%d); "
                            + "held interactions at most %,d; analytics written %,d, dropped %,d", settings.rate(), secs,
                    settings.warmup().toSeconds(), last.sent(), first.heapAfterGcMiB(), last.heapAfterGcMiB(),
                    heapSlopeMiBPer10Min(), heapGrowthMiB(), first.fixedThreads(), last.fixedThreads(),
                    threadSlopePer10Min(), threadGrowth(), first.liveThreads(), last.liveThreads(),
                    m.stream().mapToInt(Sample::liveThreads).min().orElse(0),
                    m.stream().mapToInt(Sample::liveThreads).max().orElse(0), liveThreadSlopePer10Min(),
                    m.stream().mapToInt(Sample::elasticThreads).min().orElse(0),
                    m.stream().mapToInt(Sample::elasticThreads).max().orElse(0),
                    samples.stream().mapToInt(Sample::heldInteractions).max().orElse(0), last.written(), last.dropped());
        }
    }

    /**
     * Runs the soak: analytics into {@code dsn}'s {@code table} (null dsn: analytics off), a sample every
     * {@code settings.sampleEvery()} handed to {@code progress} as it is taken.
     */
    public static Result run(Settings settings, String dsn, String table, Consumer<Sample> progress) throws Exception {
        Demo demo = Demo.create(settings.guilds(), settings.shards());
        if (settings.heldInteractions() > 0) {
            demo.discord().rest().interactionLimit(settings.heldInteractions());
        }
        List<Sample> samples = new ArrayList<>();
        try {
            ShardManager bot = demo.buildShardManager(Argus::instrument);
            ArgusBuilder b = Argus.builder(bot).port(0).host("127.0.0.1").clusterId("soak").environment(Map.of())
                    .closeOnShutdown(false);
            if (dsn != null) {
                b.enablePerGuild(true).clickhouseDsn(dsn).clickhouseTable(table).dashboardAuthToken("soak");
            }
            try (Argus argus = b.start()) {
                if (dsn != null && argus.sink().isEmpty()) {
                    throw new IllegalStateException("the ClickHouse sink did not bind");
                }
                demo.go(settings.rate());
                long start = System.nanoTime();
                long every = settings.sampleEvery().toNanos();
                long end = start + settings.duration().toNanos();
                for (long next = start + every; next <= end; next += every) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    scrape(argus.port());
                    double t = (System.nanoTime() - start) / 1e9;
                    SinkStats sink = argus.sink().map(EventSink::stats).orElse(null);
                    Map<String, Integer> groups = threadGroups();
                    int fixed = groups.entrySet().stream().filter(e -> ELASTIC.stream().noneMatch(e.getKey()::startsWith))
                            .mapToInt(Map.Entry::getValue).sum();
                    int elastic = groups.getOrDefault("JDA RateLimit-Elastic-Worker N", 0);
                    Sample s = new Sample(t, t >= settings.warmup().toSeconds(), demo.traffic().sent(), heapAfterFullGc(),
                            ManagementFactory.getThreadMXBean().getThreadCount(), fixed, elastic, groups,
                            demo.discord().rest().heldInteractions(),
                            sink == null ? 0 : sink.written(), sink == null ? 0 : sink.dropped());
                    samples.add(s);
                    progress.accept(s);
                }
            }
        } finally {
            demo.close();
        }
        return new Result(settings, List.copyOf(samples));
    }

    /** Live threads by name, digits folded. */
    static Map<String, Integer> threadGroups() {
        Map<String, Integer> groups = new java.util.TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            groups.merge(t.getName().replaceAll("\\d+", "N"), 1, Integer::sum);
        }
        return groups;
    }

    /**
     * /metrics as Prometheus reads it, so the exposition path runs in the soak too (a plain connection:
     * java.net.http's client would add a thread pool of the driver's own to the count).
     */
    private static void scrape(int port) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/metrics").toURL()
                .openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout(10_000);
        try (InputStream in = c.getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        } finally {
            c.disconnect();
        }
        if (c.getResponseCode() != 200) {
            throw new IllegalStateException("/metrics answered " + c.getResponseCode());
        }
    }

    /**
     * The live heap: a full GC ({@code System.gc()}, stop-the-world with the JVM's default G1), then what
     * each heap pool held right after its last collection, which that GC was. Allocations between the GC
     * and the reading do not count, unlike the pools' current usage.
     */
    static long heapAfterFullGc() {
        System.gc();
        long total = 0;
        boolean any = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (after != null) {
                total += after.getUsed();
                any = true;
            }
        }
        return any ? total : ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static double slope(List<Sample> samples, ToDoubleFunction<Sample> y) {
        int n = samples.size();
        if (n < 2) {
            return 0;
        }
        double mx = samples.stream().mapToDouble(Sample::seconds).average().orElse(0);
        double my = samples.stream().mapToDouble(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (Sample s : samples) {
            sxy += (s.seconds() - mx) * (y.applyAsDouble(s) - my);
            sxx += (s.seconds() - mx) * (s.seconds() - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    private static double median(List<Sample> samples, ToDoubleFunction<Sample> f) {
        double[] v = samples.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The load driver's {@code --soak-minutes} mode. */
    static void main(Map<String, String> args, String dsn) throws Exception {
        Settings s = new Settings(Double.parseDouble(args.getOrDefault("rate", "400")),
                Duration.ofSeconds(Math.round(Double.parseDouble(args.get("soak-minutes")) * 60)),
                Duration.ofSeconds(Long.parseLong(args.getOrDefault("warmup", "60"))),
                Duration.ofSeconds(Long.parseLong(args.getOrDefault("sample-s", "15"))),
                Integer.parseInt(args.getOrDefault("guilds", "40")), Integer.parseInt(args.getOrDefault("shards", "2")), 0);
        System.out.printf(Locale.ROOT, "# Soak: the example bot (Demo) + Argus%s, ~%.0f interactions/s for %d s "
                        + "(%d s warm-up), a sample every %d s; %d CPUs, max heap %d MiB, JVM %s%n",
                dsn == null ? " (analytics off)" : " with analytics into ClickHouse", s.rate(), s.duration().toSeconds(),
                s.warmup().toSeconds(), s.sampleEvery().toSeconds(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.version"));
        String table = "argus_events_soak_" + Long.toHexString(System.nanoTime());
        Result r = run(s, dsn, table, System.out::println);
        System.out.println(r.summary());
        System.out.println("thread groups that changed (first -> last measured sample): " + r.threadGroupChanges());
        System.out.println("(samples marked 'w' are the warm-up's, left out of the slopes)");
    }
}
