package argus.e2e.load;

import argus.core.Argus;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.sharding.ThreadPoolProvider;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The paired design: a bare bot (A) and an Argus bot (B) run <em>at the same time</em> in one JVM,
 * each on its own local Discord, and the driver alternates interactions between them. Whatever else
 * runs on the machine slows both alike, so the ratio of their CPU per interaction is far less noisy
 * than comparing runs taken one after the other.
 *
 * <p>CPU is attributed per bot by thread: each bot gets its own JDA thread pools (rate-limit
 * scheduler and workers, gateway pool, callback pool; built identically for both, named "A-"/"B-"),
 * its websocket threads are identified when it connects, and Argus' threads ("argus-*") belong to B.
 * Threads neither bot owns (OkHttp's shared task runner, the common pool) are reported as shared.
 */
final class PairedRun {
    private final int rate;
    private final int seconds;
    private final int warmup;
    private final int guilds;
    private final int shards;

    private final Integer flushMs;

    PairedRun(int rate, int seconds, int warmup, int guilds, int shards, Integer flushMs) {
        this.flushMs = flushMs;
        this.rate = rate;
        this.seconds = seconds;
        this.warmup = warmup;
        this.guilds = guilds;
        this.shards = shards;
    }

    record Side(String mode, int interactions, double cpuUsPerInteraction, long p50Ns, long p99Ns, long[] latencies) {
    }

    record Result(int round, Side bare, Side argus, double sharedUsPerInteraction, String note) {
    }

    /** One bot with its local Discord, its plan and its measurements. */
    private final class Bot implements AutoCloseable {
        final String prefix;
        final String mode;
        final LocalDiscord discord;
        final LocalDiscord.Prepared[] plan;
        final Map<Long, Integer> index;
        final long[] sentAt;
        final long[] latency;
        final AtomicInteger answered = new AtomicInteger();
        final Set<Long> threadIds = new HashSet<>();
        final List<ExecutorService> pools = new ArrayList<>();
        ShardManager manager;
        Argus argus;

        Bot(String prefix, String mode, int total) {
            this.prefix = prefix;
            this.mode = mode;
            this.plan = new LocalDiscord.Prepared[total];
            this.index = new ConcurrentHashMap<>(total * 2);
            this.sentAt = new long[total];
            this.latency = new long[total];
            for (int i = 0; i < total; i++) {
                plan[i] = LocalDiscord.prepare(Payloads.slashCommand(Payloads.guildId(i % guilds), "ping"));
                index.put(plan[i].id(), i);
            }
            this.discord = LocalDiscord.builder().noDefaultGuild().guilds(guilds).requestLogLimit(0)
                    .timeout(Duration.ofSeconds(30)).start();
            discord.rest().interactionLimit(total + 16).callbackObserver((id, type, status) -> {
                long now = System.nanoTime();
                Integer i = index.get(id);
                if (i != null && status < 300) {
                    latency[i] = now - sentAt[i];
                    answered.incrementAndGet();
                }
            });
        }

        private ThreadFactory named(String pool) {
            AtomicInteger n = new AtomicInteger();
            return r -> {
                Thread t = new Thread(r, prefix + pool + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }

        private <T extends ExecutorService> ThreadPoolProvider<T> provider(T pool) {
            pools.add(pool);
            return new ThreadPoolProvider<>() {
                @Override
                public T provide(int shardId) {
                    return pool;
                }

                @Override
                public boolean shouldShutdownAutomatically(int shardId) {
                    return false;
                }
            };
        }

        void pools(DefaultShardManagerBuilder b) {
            ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, named("RateLimit-Scheduler"));
            ExecutorService elastic = Executors.newCachedThreadPool(named("RateLimit-Elastic"));
            ScheduledExecutorService gateway = Executors.newScheduledThreadPool(1, named("Gateway"));
            AtomicInteger n = new AtomicInteger();
            ForkJoinPool callbacks = new ForkJoinPool(ForkJoinPool.getCommonPoolParallelism(), p -> {
                ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                t.setName(prefix + "Callback-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            }, null, true);
            b.setRateLimitSchedulerProvider(provider(scheduler))
                    .setRateLimitElasticProvider(provider(elastic))
                    .setGatewayPoolProvider(provider(gateway))
                    .setCallbackPoolProvider(provider(callbacks));
        }

        void start(String dsn) {
            Set<Long> before = liveThreadIds();
            boolean withArgus = mode.startsWith("argus");
            manager = discord.shardManager(shards).listeners(new LoadDriver.PingBot()).configure(b -> {
                pools(b);
                if (withArgus && !mode.equals("argus-attach")) { // argus-attach: attach only, no builder hooks
                    LoadDriver.instrument(b, discord);
                }
            }).connect();
            argus = LoadDriver.attachArgus(manager, mode, dsn, flushMs);
            // Websocket threads (JDA names them the same for every bot): the ones born while this bot connected.
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (info != null && !before.contains(info.getThreadId()) && info.getThreadName().contains("MainWS")) {
                    threadIds.add(info.getThreadId());
                }
            }
        }

        boolean owns(long id, String name) {
            return threadIds.contains(id) || name.startsWith(prefix)
                    || (argus != null && name.startsWith("argus"));
        }

        String sinkNote() {
            if (argus == null || argus.sink().isEmpty()) {
                return "";
            }
            String note = LoadDriver.closeAndDescribeSink(argus);
            argus = null;
            return note;
        }

        @Override
        public void close() {
            if (argus != null) {
                argus.close();
            }
            discord.close();
            pools.forEach(ExecutorService::shutdownNow);
        }
    }

    private static Set<Long> liveThreadIds() {
        Set<Long> ids = new HashSet<>();
        for (long id : ManagementFactory.getThreadMXBean().getAllThreadIds()) {
            ids.add(id);
        }
        return ids;
    }

    Result run(String argusMode, int round, String dsn) {
        int warmupCount = rate * warmup;
        int total = warmupCount + rate * seconds;
        try (Bot a = new Bot("A-", "bare", total); Bot b = new Bot("B-", argusMode, total)) {
            try {
                return measure(a, b, round, dsn, warmupCount, total);
            } finally {
                // Both bots down before either local Discord closes: each close waits for every JDA thread to end.
                for (Bot bot : new Bot[]{a, b}) {
                    if (bot.manager != null) {
                        bot.manager.getShards().forEach(net.dv8tion.jda.api.JDA::shutdownNow);
                        bot.manager.shutdown();
                    }
                }
            }
        }
    }

    private Result measure(Bot a, Bot b, int round, String dsn, int warmupCount, int total) {
        a.start(dsn);
        b.start(dsn);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> before = null;
        long start = System.nanoTime();
        int sent = 0;
        int dropped = 0;
        while (sent < total) {
            long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
            while (sent < due) {
                if (sent == warmupCount) {
                    await(a.answered, warmupCount - dropped);
                    await(b.answered, warmupCount - dropped);
                    before = cpu(mx);
                    start = System.nanoTime() - (long) warmupCount * 1_000_000_000L / rate;
                }
                // Alternate which bot goes first so neither is always second on the wire.
                Bot first = (sent & 1) == 0 ? a : b;
                Bot second = first == a ? b : a;
                for (Bot bot : new Bot[]{first, second}) {
                    bot.sentAt[sent] = System.nanoTime();
                    if (!bot.discord.offer(bot.plan[sent])) {
                        dropped++;
                    }
                }
                sent++;
            }
            LockSupport.parkNanos(200_000);
        }
        await(a.answered, total - dropped);
        await(b.answered, total - dropped);
        Map<Long, Long> after = cpu(mx);
        long cpuA = 0;
        long cpuB = 0;
        long shared = 0;
        Map<String, long[]> byName = new java.util.TreeMap<>();
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            ThreadInfo info = mx.getThreadInfo(e.getKey());
            String name = info == null ? "" : info.getThreadName();
            if (name.startsWith("LocalRest-") || name.startsWith("LocalGateway-") || name.equals("HTTP-Dispatcher")
                    || name.equals("main") || name.isEmpty()) {
                continue;
            }
            String group = name.replaceFirst("^[AB]-", "").replaceAll("\\d+", "N");
            if (a.owns(e.getKey(), name)) {
                cpuA += d;
                byName.computeIfAbsent(group, k -> new long[3])[0] += d;
            } else if (b.owns(e.getKey(), name)) {
                cpuB += d;
                byName.computeIfAbsent(group, k -> new long[3])[1] += d;
            } else {
                shared += d;
                byName.computeIfAbsent(group, k -> new long[3])[2] += d;
            }
        }
        int measured = total - warmupCount;
        if (Boolean.getBoolean("load.threads")) {
            System.out.println("      thread group (us/interaction)                 bare      second    shared");
            byName.forEach((k, v) -> {
                if (v[0] + v[1] + v[2] > 1000L * measured / 10) { // >= 0.1 us/interaction
                    System.out.printf(Locale.ROOT, "      %-44s %8.1f %10.1f %9.1f%n", k.length() > 44 ? k.substring(0, 44) : k,
                            v[0] / 1000.0 / measured, v[1] / 1000.0 / measured, v[2] / 1000.0 / measured);
                }
            });
        }
        String note = (dropped > 0 ? dropped + " not sent; " : "") + b.sinkNote();
        return new Result(round, side(a, cpuA, warmupCount, measured), side(b, cpuB, warmupCount, measured),
                shared / 1000.0 / (2.0 * measured), note);
    }

    private static Side side(Bot bot, long cpuNs, int from, int measured) {
        long[] window = Arrays.copyOfRange(bot.latency, from, from + measured);
        Arrays.sort(window);
        return new Side(bot.mode, measured, cpuNs / 1000.0 / measured, LoadDriver.percentile(window, 0.5),
                LoadDriver.percentile(window, 0.99), window);
    }

    private static void await(AtomicInteger n, int expected) {
        LocalDiscord.waitUntil(() -> n.get() >= expected, Duration.ofSeconds(60),
                () -> "only " + n.get() + " of " + expected + " interactions answered");
    }

    private static Map<Long, Long> cpu(ThreadMXBean mx) {
        Map<Long, Long> out = new HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            long t = mx.getThreadCpuTime(id);
            if (t > 0) {
                out.put(id, t);
            }
        }
        return out;
    }
}
