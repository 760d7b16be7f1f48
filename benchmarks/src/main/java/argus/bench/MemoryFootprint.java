package argus.bench;

import argus.core.jda.ArgusEventManager;
import argus.core.registry.MetricRegistry;
import argus.discord.local.LocalDiscord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;

/**
 * The heap Argus retains (see {@link RetainedHeap}: JDA's own growth never counts) for a catalogue of
 * {@code C} slash commands, each used once successfully and once failing (RenderBenchmark's bot: 2C
 * command series, C duration histograms, every default family), with {@code T} live threads that have
 * recorded into the registry besides JDA's own (busy threads: each replays {@link #REPLAYS} interactions). Prints one table row per (C, T):
 *
 * <pre>
 * java -cp "benchmarks/target/classes:$(cat benchmarks/target/bench-classpath.txt)" argus.bench.MemoryFootprint [C,C,..] [T,T,..]
 * </pre>
 *
 * Defaults: C = 10,50,200 and T = 0,1,2,4,8,16. Deterministic for a given JVM and class layout (no GC
 * timing involved), so it is a figure to compare across changes, and the target (≤ 256 KiB for
 * 50 commands × 2 outcomes on 2 threads) is read off it.
 */
public final class MemoryFootprint {
    /** Interactions each extra thread replays: a busy thread's share, well past Cells' probation. */
    static final int REPLAYS = 2_000;

    private MemoryFootprint() {
    }

    /** One measurement: the bytes held after idle start, after the catalogue, with T recording threads. */
    record Row(int commands, int threads, long idle, long catalogue, long withThreads, long registry,
               RetainedHeap.Footprint detail) {
    }

    public static void main(String[] args) throws Exception {
        int[] commands = ints(args.length > 0 ? args[0] : "10,50,200");
        int[] threads = ints(args.length > 1 ? args[1] : "0,1,2,4,8,16");
        System.out.println("| commands (x2 outcomes) | extra recording threads | Argus idle | after the catalogue"
                + " | with the threads | of which the registry | per extra thread |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        Row last = null;
        for (int c : commands) {
            Row first = null;
            for (int t : threads) {
                Row r = measure(c, t);
                first = first == null ? r : first;
                String perThread = t == 0 || first.threads() == t ? "—"
                        : kib((r.withThreads() - first.withThreads()) / (t - first.threads()));
                System.out.printf("| %d | %d | %s | %s | %s | %s | %s |%n", c, t, kib(r.idle()), kib(r.catalogue()),
                        kib(r.withThreads()), kib(r.registry()), perThread);
                last = r;
            }
        }
        if (last != null) {
            System.out.println();
            System.out.println("Largest holders in the last row (class: KiB):");
            last.detail().top(12).forEach(e -> System.out.printf("  %s: %s%n", e.getKey(), kib(e.getValue())));
        }
    }

    /** A fresh bot, the catalogue through the gateway, then {@code threads} threads replaying one interaction. */
    static Row measure(int commands, int threads) throws Exception {
        try (BenchBot bot = BenchBot.observed(false)) {
            BenchBot.Interaction ping = bot.captureSlashCommand("ping");
            RenderBenchmark.CommandBot commandBot = new RenderBenchmark.CommandBot();
            bot.replaceListeners(commandBot);
            MetricRegistry registry = bot.argus().registry();
            RetainedHeap.Footprint idleDetail = RetainedHeap.of(bot.argus());
            long idle = idleDetail.bytes();
            if (Boolean.getBoolean("argus.memory.detail")) {
                System.out.println("idle, largest holders:");
                idleDetail.top(15).forEach(e -> System.out.printf("  %s: %s%n", e.getKey(), kib(e.getValue())));
            }
            for (int c = 0; c < commands; c++) {
                String name = String.format("command_%03d", c);
                bot.discord().dispatchInteraction(BenchBot.slashCommand(name, null));
                bot.discord().dispatchInteraction(BenchBot.slashCommand(name, null));
            }
            LocalDiscord.waitUntil(() -> completed(registry, commands), bot.discord().timeout(),
                    () -> "not every command completed");
            long catalogue = RetainedHeap.of(bot.argus()).bytes();

            // The replayed interaction reaches no listener that would reply to it again.
            bot.jda().removeEventListener(commandBot);
            bot.jda().addEventListener(BenchBot.NOOP);
            ArgusEventManager manager = bot.argusManager();
            CyclicBarrier recorded = new CyclicBarrier(threads + 1);
            CountDownLatch measured = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread w = new Thread(() -> {
                    try {
                        // Enough updates to earn cells of its own (a thread that records rarely holds none).
                        for (int k = 0; k < REPLAYS; k++) {
                            manager.handle(ping.command());
                            manager.handle(ping.reply());
                        }
                        recorded.await();
                        measured.await(); // alive while measured: a live thread's cells count
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, "memory-footprint-" + i);
                w.start();
                workers.add(w);
            }
            recorded.await();
            RetainedHeap.Footprint with = RetainedHeap.of(bot.argus());
            long reg = RetainedHeap.of(registry).bytes();
            measured.countDown();
            for (Thread w : workers) {
                w.join();
            }
            if (manager.boundHooks().inFlight() != 0) {
                throw new IllegalStateException("replayed interactions left in flight: " + manager.boundHooks().inFlight());
            }
            return new Row(commands, threads, idle, catalogue, with.bytes(), reg, with);
        }
    }

    private static boolean completed(MetricRegistry registry, int commands) {
        for (int c = 0; c < commands; c++) {
            String name = String.format("command_%03d", c);
            if (registry.value("discord_app_commands", name, "success") != 1
                    || registry.value("discord_app_commands", name, "error") != 1) {
                return false;
            }
        }
        return true;
    }

    private static int[] ints(String csv) {
        String[] parts = csv.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i].trim());
        }
        return out;
    }

    static String kib(long bytes) {
        return String.format("%.1f KiB", bytes / 1024.0);
    }
}
