package argus.e2e.load;

import argus.api.sink.EventSink;
import argus.api.sink.SinkStats;
import argus.core.Argus;
import argus.core.ArgusBuilder;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import argus.sink.clickhouse.ClickHouseTestServer;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Sustained interactions through a real JDA client (a ShardManager) against the local Discord, run
 * in one JVM for three bots in turn: bare JDA, JDA + Argus (NullSink: analytics off) and JDA +
 * Argus with the ClickHouse sink (the test fixture). Each run is a fresh local Discord and bot; the
 * driver sends {@code /ping} interactions at a fixed rate (open loop), the bot replies, and the
 * latency of an interaction is the time from the driver writing its {@code INTERACTION_CREATE} to
 * the double receiving the bot's callback: everything JDA (and Argus) do in between, as a user sees it.
 *
 * <p>CPU per interaction is measured two ways over the measured window: the whole process
 * ({@code OperatingSystemMXBean#getProcessCpuTime}: includes the double, the driver, GC and JIT)
 * and the bot's threads only ({@code ThreadMXBean}: every live thread except the double's
 * {@code LocalRest-*}/{@code LocalGateway-*} and the driver's; GC and JIT are not threads there).
 *
 * <pre>
 * java -cp ... argus.e2e.load.LoadDriver [--rate 500] [--seconds 20] [--warmup 10] [--guilds 50]
 *      [--shards 2] [--rounds 3] [--prewarm 20] [--flush-ms N] [--modes bare,argus-null,argus-clickhouse] (also argus-attach: Argus.attach without Argus.instrument) [--paired true]
 * </pre>
 * With {@code --paired true} each round runs a bare bot and an Argus bot at the same time instead
 * ({@link PairedRun}): the machine's other load then hits both alike. With {@code --soak-minutes N} it
 * runs the {@link Soak} instead (the example bot with Argus and analytics for minutes; heap after GC and
 * live threads over time, with their slopes).
 * <pre>
 * </pre>
 * Run by {@code scripts/bench-e2e.sh}; never part of the test suite.
 */
public final class LoadDriver {
    private final int rate;
    private final int seconds;
    private final int warmup;
    private final int guilds;
    private final int shards;
    /** The ClickHouse sink's sink_flush_interval_ms (--flush-ms, or -Dload.flushMs); null: its default. */
    private final Integer flushMs;

    private LoadDriver(Map<String, String> args) {
        this.rate = Integer.parseInt(args.getOrDefault("rate", "500"));
        this.seconds = Integer.parseInt(args.getOrDefault("seconds", "20"));
        this.warmup = Integer.parseInt(args.getOrDefault("warmup", "10"));
        this.guilds = Integer.parseInt(args.getOrDefault("guilds", "50"));
        this.shards = Integer.parseInt(args.getOrDefault("shards", "2"));
        this.flushMs = args.containsKey("flush-ms") ? Integer.valueOf(args.get("flush-ms")) : Integer.getInteger("load.flushMs");
    }

    /** One measured run. */
    record Result(String mode, int round, int interactions, double seconds, double throughput, long processCpuNs,
                  long botCpuNs, long p50Ns, long p99Ns, long maxNs, long[] latencies, String note) {
        double processCpuUsPerInteraction() {
            return processCpuNs / 1000.0 / interactions;
        }

        double botCpuUsPerInteraction() {
            return botCpuNs / 1000.0 / interactions;
        }
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        if (args.containsKey("soak-minutes")) {
            Soak.main(args, Boolean.parseBoolean(args.getOrDefault("analytics", "true")) ? ClickHouseTestServer.dsn() : null);
            System.exit(0); // the ClickHouse fixture's shutdown hook stops the engine
        }
        LoadDriver driver = new LoadDriver(args);
        List<String> modes = List.of(args.getOrDefault("modes", "bare,argus-null,argus-clickhouse").split(","));
        int rounds = Integer.parseInt(args.getOrDefault("rounds", "3"));
        String dsn = modes.contains("argus-clickhouse") ? ClickHouseTestServer.dsn() : null;
        System.out.printf(Locale.ROOT, "# LoadDriver: %d interactions/s, %d s measured after %d s warm-up, %d guilds, "
                        + "%d shards, %d round(s) of %s; %d CPUs, JVM %s%n", driver.rate, driver.seconds, driver.warmup,
                driver.guilds, driver.shards, rounds, modes, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"));
        int prewarm = Integer.parseInt(args.getOrDefault("prewarm", "20"));
        if (prewarm > 0) {
            // One discarded run through every code path (JDA's and Argus') so that no measured run pays for JIT.
            // At least 1,000/s: C2 compiles a method after about 5,000 calls, and Argus' hooks run once or twice
            // per interaction; at 300/s for 15 s (the old default) they were still C1 code (profiled in
            // async-profiler: C1 runtime stubs and unfolded VarHandle guards) during the first measured round.
            int warmRate = Math.max(driver.rate, 1_000);
            LoadDriver warm = new LoadDriver(Map.of("rate", Integer.toString(warmRate), "seconds", Integer.toString(prewarm),
                    "warmup", "1", "guilds", Integer.toString(driver.guilds), "shards", Integer.toString(driver.shards)));
            Result r = warm.run("argus-null", 0, null);
            System.out.printf(Locale.ROOT, "  (JIT warm-up run, discarded: %.0f/s, p50 %.2f ms)%n", r.throughput, r.p50Ns / 1e6);
            if (dsn != null) {
                // The sink's insert path runs once per flush (once a second by default), so a bot reaches C2 for
                // it only after an hour or so; flushing every 10 ms (the shortest allowed) for 45 s gets most of
                // it there before the measured rounds, which then show a long-running bot, not the interpreter.
                LoadDriver warmSink = new LoadDriver(Map.of("rate", Integer.toString(warmRate), "seconds",
                        Integer.toString(Math.max(prewarm, 45)), "warmup", "1", "guilds", Integer.toString(driver.guilds),
                        "shards", Integer.toString(driver.shards), "flush-ms", "10"));
                Result w = warmSink.run("argus-clickhouse", 0, dsn);
                System.out.printf(Locale.ROOT, "  (sink JIT warm-up run, discarded: %.0f/s, flush every 10 ms; %s)%n",
                        w.throughput, w.note);
            }
        }
        if (Boolean.parseBoolean(args.getOrDefault("paired", "false"))) {
            paired(driver, modes, rounds, dsn);
            System.exit(0);
        }
        List<Result> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // Rotate the order each round so that drift (JIT, other load on the machine) does not favour one mode.
            List<String> order = new ArrayList<>(modes);
            Collections.rotate(order, -(round - 1));
            for (String mode : order) {
                Result r = driver.run(mode, round, dsn);
                results.add(r);
                System.out.printf(Locale.ROOT, "  round %d %-17s %7.0f/s  process %6.1f us/int  bot threads %6.1f us/int  "
                                + "p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms %s%n", round, mode, r.throughput,
                        r.processCpuUsPerInteraction(), r.botCpuUsPerInteraction(), r.p50Ns / 1e6, r.p99Ns / 1e6,
                        r.maxNs / 1e6, r.note);
            }
        }
        report(results, modes);
        System.exit(0); // the ClickHouse fixture's shutdown hook stops the engine
    }

    private Result run(String mode, int round, String dsn) throws Exception {
        int warmupCount = rate * warmup;
        int measured = rate * seconds;
        int total = warmupCount + measured;
        // Interactions are built and serialised before the run: JSON building is not the bot's cost.
        LocalDiscord.Prepared[] plan = new LocalDiscord.Prepared[total];
        Map<Long, Integer> index = new ConcurrentHashMap<>(total * 2);
        long[] sentAt = new long[total];
        long[] latency = new long[total];
        long[] guildIds = new long[guilds];
        for (int g = 0; g < guilds; g++) {
            guildIds[g] = Payloads.guildId(g);
        }
        for (int i = 0; i < total; i++) {
            plan[i] = LocalDiscord.prepare(Payloads.slashCommand(guildIds[i % guilds], "ping"));
            index.put(plan[i].id(), i);
        }
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger answeredMeasured = new AtomicInteger();
        long[] lastAnswer = new long[1];
        try (LocalDiscord discord = LocalDiscord.builder().noDefaultGuild().guilds(guilds).requestLogLimit(0)
                .timeout(Duration.ofSeconds(30)).start()) {
            discord.rest().interactionLimit(total + 16).callbackObserver((id, type, status) -> {
                long now = System.nanoTime();
                Integer i = index.get(id);
                if (i != null && status < 300) {
                    latency[i] = now - sentAt[i];
                    answered.incrementAndGet();
                    if (i >= warmupCount) {
                        synchronized (lastAnswer) {
                            lastAnswer[0] = Math.max(lastAnswer[0], now);
                        }
                        answeredMeasured.incrementAndGet();
                    }
                }
            });
            boolean argus = mode.startsWith("argus");
            ShardManager bot = discord.shardManager(shards).listeners(new PingBot())
                    .configure(b -> {
                        if (argus && !mode.equals("argus-attach")) { // argus-attach: attach only, no builder hooks
                            instrument(b, discord);
                        }
                    }).connect();
            Argus attached = attachArgus(bot, mode, dsn, flushMs);
            try {
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                com.sun.management.OperatingSystemMXBean os =
                        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                Map<Long, Long> cpuBefore = null;
                long processBefore = 0;
                long start = System.nanoTime();
                long measureStart = 0;
                int sent = 0;
                int dropped = 0;
                while (sent < total) {
                    long now = System.nanoTime();
                    long due = Math.min(total, (now - start) * rate / 1_000_000_000L + 1);
                    while (sent < due) {
                        if (sent == warmupCount) {
                            // Let the warm-up drain so the window holds only measured interactions.
                            awaitCount(answered, warmupCount - dropped, Duration.ofSeconds(30));
                            cpuBefore = botThreadCpu(threads);
                            processBefore = os.getProcessCpuTime();
                            measureStart = System.nanoTime();
                            start = measureStart - (long) warmupCount * 1_000_000_000L / rate;
                        }
                        sentAt[sent] = System.nanoTime();
                        if (!discord.offer(plan[sent])) {
                            dropped++;
                        }
                        sent++;
                    }
                    LockSupport.parkNanos(200_000);
                }
                awaitCount(answered, total - dropped, Duration.ofSeconds(60));
                long processCpu = os.getProcessCpuTime() - processBefore;
                Map<Long, Long> cpuAfter = botThreadCpu(threads);
                long botCpu = delta(cpuBefore, cpuAfter);
                if (Boolean.getBoolean("load.threads")) {
                    printThreads(threads, cpuBefore, cpuAfter, measured);
                }
                long end;
                synchronized (lastAnswer) {
                    end = lastAnswer[0];
                }
                long[] window = Arrays.copyOfRange(latency, warmupCount, total);
                Arrays.sort(window);
                double secs = (end - measureStart) / 1e9;
                String note = dropped > 0 ? dropped + " not sent" : "";
                if (attached != null && attached.sink().isPresent()) {
                    note += closeAndDescribeSink(attached);
                    attached = null;
                }
                return new Result(mode, round, answeredMeasured.get(), secs, answeredMeasured.get() / secs, processCpu,
                        botCpu, percentile(window, 0.50), percentile(window, 0.99), window[window.length - 1], window,
                        note);
            } finally {
                if (attached != null) {
                    attached.close();
                }
            }
        }
    }

    private static void awaitCount(AtomicInteger n, int expected, Duration timeout) {
        LocalDiscord.waitUntil(() -> n.get() >= expected, timeout,
                () -> "only " + n.get() + " of " + expected + " interactions answered");
    }

    /** CPU time of every live thread that is not the double's or the driver's, by thread id. */
    private static Map<Long, Long> botThreadCpu(ThreadMXBean threads) {
        Map<Long, Long> out = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            if (name.startsWith("LocalRest-") || name.startsWith("LocalGateway-") || name.equals("HTTP-Dispatcher")
                    || name.equals("main")) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                out.put(info.getThreadId(), cpu);
            }
        }
        return out;
    }

    /** Bot-thread CPU per interaction by thread name (digits folded), largest first. */
    private static void printThreads(ThreadMXBean threads, Map<Long, Long> before, Map<Long, Long> after, int n) {
        Map<String, Long> byName = new HashMap<>();
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            ThreadInfo info = threads.getThreadInfo(e.getKey());
            String name = info == null ? "?" : info.getThreadName().replaceAll("\\d+", "N");
            byName.merge(name, e.getValue() - before.getOrDefault(e.getKey(), 0L), Long::sum);
        }
        byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> System.out.printf(Locale.ROOT, "      %-50s %8.1f us/int%n", e.getKey(), e.getValue() / 1000.0 / n));
    }

    private static long delta(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }

    static long percentile(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static void report(List<Result> results, List<String> modes) {
        Map<String, List<Result>> byMode = new LinkedHashMap<>();
        for (String m : modes) {
            byMode.put(m, new ArrayList<>());
        }
        results.forEach(r -> byMode.get(r.mode).add(r));
        System.out.println();
        System.out.println("| mode | interactions/s | process CPU us/interaction | bot-thread CPU us/interaction | p50 ms | p99 ms "
                + "| > bare p99 | process CPU vs bare | bot CPU vs bare |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        double bareProcess = median(byMode.getOrDefault("bare", List.of()), true);
        double bareBot = median(byMode.getOrDefault("bare", List.of()), false);
        long bareP99 = 0;
        List<Result> bare = byMode.getOrDefault("bare", List.of());
        if (!bare.isEmpty()) {
            long[] all = bare.stream().flatMapToLong(r -> Arrays.stream(r.latencies)).sorted().toArray();
            bareP99 = percentile(all, 0.99);
        }
        for (Map.Entry<String, List<Result>> e : byMode.entrySet()) {
            List<Result> rs = e.getValue();
            if (rs.isEmpty()) {
                continue;
            }
            long[] all = rs.stream().flatMapToLong(r -> Arrays.stream(r.latencies)).sorted().toArray();
            double thr = rs.stream().mapToDouble(Result::throughput).sum() / rs.size();
            double proc = median(rs, true);
            double botCpu = median(rs, false);
            long over = 0;
            for (long l : all) {
                if (l > bareP99) {
                    over++;
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.1f | %.1f | %.2f | %.2f | %.2f%% | %s | %s |%n", e.getKey(), thr, proc,
                    botCpu, percentile(all, 0.5) / 1e6, percentile(all, 0.99) / 1e6, 100.0 * over / all.length,
                    e.getKey().equals("bare") || bare.isEmpty() ? "" : String.format(Locale.ROOT, "%+.1f%%", 100 * (proc / bareProcess - 1)),
                    e.getKey().equals("bare") || bare.isEmpty() ? "" : String.format(Locale.ROOT, "%+.1f%%", 100 * (botCpu / bareBot - 1)));
        }
        System.out.println();
        System.out.println("CPU columns: median over rounds; latency columns: all rounds pooled; '> bare p99': share of "
                + "interactions slower than bare JDA's pooled p99 (bare itself: 1% by definition).");
    }

    /** The paired design (see {@link PairedRun}): bare and Argus at the same time, for each Argus mode. */
    private static void paired(LoadDriver d, List<String> modes, int rounds, String dsn) {
        PairedRun paired = new PairedRun(d.rate, d.seconds, d.warmup, d.guilds, d.shards, d.flushMs);
        System.out.println("# paired: bare (A) and Argus (B) at the same time, " + d.rate + " interactions/s each");
        Map<String, List<PairedRun.Result>> byMode = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (String mode : modes) {
                // "bare" as the second bot is the A/A control: it shows the method's own bias and noise.
                if (!mode.startsWith("argus") && !mode.equals("bare")) {
                    continue;
                }
                PairedRun.Result r = paired.run(mode, round, dsn);
                byMode.computeIfAbsent(mode, k -> new ArrayList<>()).add(r);
                System.out.printf(Locale.ROOT, "  round %d bare %6.1f us/int (p50 %5.2f ms, p99 %6.2f ms) | %s %6.1f us/int "
                                + "(p50 %5.2f ms, p99 %6.2f ms) | ratio %+.1f%% | shared %5.1f us/int %s%n", round,
                        r.bare().cpuUsPerInteraction(), r.bare().p50Ns() / 1e6, r.bare().p99Ns() / 1e6, mode,
                        r.argus().cpuUsPerInteraction(), r.argus().p50Ns() / 1e6, r.argus().p99Ns() / 1e6,
                        100 * (r.argus().cpuUsPerInteraction() / r.bare().cpuUsPerInteraction() - 1),
                        r.sharedUsPerInteraction(), r.note());
            }
        }
        System.out.println();
        System.out.println("| second bot | rounds | bare CPU us/int (median) | Argus CPU us/int (median) | CPU overhead per round "
                + "| median overhead | bare p50 / p99 ms | Argus p50 / p99 ms | Argus interactions > bare p99 |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, List<PairedRun.Result>> e : byMode.entrySet()) {
            List<PairedRun.Result> rs = e.getValue();
            double[] ratios = rs.stream().mapToDouble(r -> 100 * (r.argus().cpuUsPerInteraction()
                    / r.bare().cpuUsPerInteraction() - 1)).toArray();
            double[] sorted = ratios.clone();
            Arrays.sort(sorted);
            double med = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            long[] bare = rs.stream().flatMapToLong(r -> Arrays.stream(r.bare().latencies())).sorted().toArray();
            long[] arg = rs.stream().flatMapToLong(r -> Arrays.stream(r.argus().latencies())).sorted().toArray();
            long bareP99 = percentile(bare, 0.99);
            long over = Arrays.stream(arg).filter(l -> l > bareP99).count();
            StringBuilder per = new StringBuilder();
            for (double r : ratios) {
                per.append(per.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%+.1f%%", r));
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %s | %+.1f%% | %.2f / %.2f | %.2f / %.2f | %.2f%% |%n",
                    e.getKey(), rs.size(), medianOf(rs.stream().mapToDouble(r -> r.bare().cpuUsPerInteraction()).toArray()),
                    medianOf(rs.stream().mapToDouble(r -> r.argus().cpuUsPerInteraction()).toArray()), per, med,
                    percentile(bare, 0.5) / 1e6, bareP99 / 1e6, percentile(arg, 0.5) / 1e6, percentile(arg, 0.99) / 1e6,
                    100.0 * over / arg.length);
        }
        System.out.println();
        System.out.println("CPU: the bot's own threads only (see PairedRun); overhead = Argus bot / bare bot - 1 in the same "
                + "window; latencies pooled over rounds; bare interactions > their own p99: 1% by definition.");
    }

    private static double medianOf(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double median(List<Result> rs, boolean process) {
        if (rs.isEmpty()) {
            return Double.NaN;
        }
        double[] v = rs.stream().mapToDouble(r -> process ? r.processCpuUsPerInteraction() : r.botCpuUsPerInteraction())
                .sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The bot: replies to every slash command at once, as most commands do. */
    /**
     * Attaches Argus to a load bot as a bot author does, for a mode other than bare (null then): with the
     * ClickHouse sink on a fresh table for argus-clickhouse ({@code flushMs}: its flush interval, null for
     * the default).
     */
    static Argus attachArgus(ShardManager bot, String mode, String dsn, Integer flushMs) {
        if (!mode.startsWith("argus")) {
            return null;
        }
        ArgusBuilder b = Argus.builder(bot).port(0).host("127.0.0.1").clusterId("load")
                .environment(Map.of()).closeOnShutdown(false);
        boolean clickhouse = mode.equals("argus-clickhouse");
        if (clickhouse) {
            String table = "argus_events_load_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
            b.enablePerGuild(true).clickhouseDsn(dsn).clickhouseTable(table).dashboardAuthToken("load");
            if (flushMs != null) {
                b.sinkFlushIntervalMs(flushMs);
            }
        }
        Argus argus = b.start();
        if (clickhouse && argus.sink().isEmpty()) {
            argus.close();
            throw new IllegalStateException("the ClickHouse sink did not bind");
        }
        return argus;
    }

    /** Closes {@code argus} (its sink drains what it accepted) and describes the sink's accounting. */
    static String closeAndDescribeSink(Argus argus) {
        EventSink sink = argus.sink().orElseThrow();
        argus.close();
        SinkStats st = sink.stats();
        return String.format(Locale.ROOT, "sink: offered %d, written %d, dropped %d, failed %d", st.offered(),
                st.written(), st.dropped(), st.failed());
    }

    /**
     * {@code Argus.instrument} as a bot with its own RestConfig applies it (README): the bot's base URL
     * kept, through {@code Argus.restConfig}. {@code Argus.instrument(b)} alone resets the RestConfig to
     * Discord's URL, and the double's loopback interceptor then rebuilds every request's URL, work the
     * bare bot (already pointed at the double) never does: that inflated the measured overhead of the
     * instrumented bot by about two points before this was found (BENCHMARKS.md, issue 6).
     */
    static void instrument(DefaultShardManagerBuilder b, LocalDiscord discord) {
        Argus.instrument(b);
        b.setRestConfig(Argus.restConfig(new RestConfig().setBaseUrl(discord.rest().baseUrl())));
    }

    static final class PingBot extends ListenerAdapter {
        @Override
        public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            event.reply("pong").queue();
        }
    }
}
