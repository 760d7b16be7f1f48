package argus.discord.local;

import net.dv8tion.jda.api.utils.data.DataObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Realistic users for a bot connected to a {@link LocalDiscord}: interactions at a steady average
 * rate (Poisson arrivals) spread over the guilds with a long tail (a few busy guilds, many quiet
 * ones), a mix of slash commands, autocomplete, buttons, selects, modals and a context-menu command,
 * and now and then a fault as Discord produces them: a shard asked to reconnect (resumed), a
 * session closed with 4000 (resumed) or invalidated (a full reconnect), an HTTP 429 on an
 * interaction callback (bucket or global scope), an interaction callback rejected as unknown.
 *
 * <p>DemoTraffic plays the users only; the bot answers. The interactions it sends are
 * {@link #COMMANDS}: {@code /ping}, {@code /search} (with autocomplete), {@code /slow},
 * {@code /flaky}, {@code /stats}, the {@code vote} button, the {@code role} select, the
 * {@code feedback} modal and the {@code Profile} user command; {@code argus.example.bot.ExampleBot}
 * answers each with its own latency distribution.
 *
 * <pre>{@code
 * try (LocalDiscord discord = LocalDiscord.builder().noDefaultGuild().guilds(40).requestLogLimit(1000).start()) {
 *     ShardManager bot = discord.shardManager(2).listeners(new ExampleBot()).connect();
 *     try (DemoTraffic traffic = DemoTraffic.builder(discord).ratePerSecond(10).start()) {
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class DemoTraffic implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);
    private static final long TICK_MS = 50;

    /** The interactions the users send, by name, with their relative weights. */
    public static final Map<String, Integer> COMMANDS = Map.of(
            "ping", 28, "search", 12, "search:autocomplete", 10, "slow", 9, "flaky", 9, "stats", 6,
            "vote", 13, "role", 5, "feedback", 5, "Profile", 3);

    private final LocalDiscord discord;
    private final Builder config;
    private final Random random;
    private final long[] guilds;
    private final double[] guildCumulative;
    private final List<Map.Entry<String, LongFunction<DataObject>>> kinds = new ArrayList<>();
    private final int[] kindCumulative;
    private final ScheduledExecutorService users;
    private final ScheduledExecutorService faults;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong faultsInjected = new AtomicLong();
    private double carry;
    private int faultRound;

    private DemoTraffic(LocalDiscord discord, Builder b) {
        this.discord = discord;
        this.config = b;
        this.random = new Random(b.seed);
        this.guilds = discord.guilds().keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        if (guilds.length == 0) {
            throw new IllegalStateException("the local Discord has no guilds");
        }
        // Zipf-like popularity: guild i gets 1/(i+1)^0.9 of the traffic, shuffled so busy guilds sit on every shard.
        double[] weights = new double[guilds.length];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < guilds.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(b.seed ^ 0x5DEECE66DL));
        for (int i = 0; i < guilds.length; i++) {
            weights[order.get(i)] = 1.0 / Math.pow(i + 1, 0.9);
        }
        guildCumulative = new double[guilds.length];
        double sum = 0;
        for (int i = 0; i < guilds.length; i++) {
            sum += weights[i];
            guildCumulative[i] = sum;
        }
        kind("ping", g -> Payloads.slashCommand(g, "ping"));
        kind("search", g -> Payloads.slashCommand(g, "search", null));
        kind("search:autocomplete", g -> Payloads.autocomplete(g, "search", "text", "he"));
        kind("slow", g -> Payloads.slashCommand(g, "slow"));
        kind("flaky", g -> Payloads.slashCommand(g, "flaky"));
        kind("stats", g -> Payloads.slashCommand(g, "stats"));
        kind("vote", g -> Payloads.button(g, "vote"));
        kind("role", g -> Payloads.stringSelect(g, "role", "member"));
        kind("feedback", g -> Payloads.modalSubmit(g, "feedback", "text", "nice bot"));
        kind("Profile", g -> Payloads.userCommand(g, "Profile"));
        kindCumulative = new int[kinds.size()];
        int total = 0;
        for (int i = 0; i < kinds.size(); i++) {
            total += COMMANDS.get(kinds.get(i).getKey());
            kindCumulative[i] = total;
        }
        this.users = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "DemoTraffic-users"));
        this.faults = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "DemoTraffic-faults"));
    }

    private void kind(String name, LongFunction<DataObject> payload) {
        kinds.add(Map.entry(name, payload));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public static Builder builder(LocalDiscord discord) {
        return new Builder(discord);
    }

    private DemoTraffic begin() {
        users.scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        if (config.faultEvery != null) {
            long every = config.faultEvery.toMillis();
            faults.scheduleWithFixedDelay(this::fault, every, every, TimeUnit.MILLISECONDS);
        }
        LOG.info("Demo traffic: ~{} interactions/s over {} guilds{}", config.ratePerSecond, guilds.length,
                config.faultEvery == null ? "" : ", a fault every " + config.faultEvery.toSeconds() + " s");
        return this;
    }

    private void tick() {
        try {
            // Poisson arrivals: the number of interactions in one tick.
            double mean = config.ratePerSecond * TICK_MS / 1000.0 + carry;
            int n = poisson(Math.floor(mean));
            carry = mean - Math.floor(mean);
            for (int i = 0; i < n; i++) {
                if (discord.offerInteraction(next())) {
                    sent.incrementAndGet();
                } else {
                    dropped.incrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("demo traffic tick failed", e);
        }
    }

    private int poisson(double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        double l = Math.exp(-lambda);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** The next interaction a user sends: a weighted kind in a weighted guild (3% in a DM). */
    DataObject next() {
        int pick = random.nextInt(kindCumulative[kindCumulative.length - 1]);
        int k = 0;
        while (kindCumulative[k] <= pick) {
            k++;
        }
        long guild = 0;
        if (random.nextInt(100) >= 3) {
            double g = random.nextDouble() * guildCumulative[guildCumulative.length - 1];
            int i = 0;
            while (guildCumulative[i] <= g) {
                i++;
            }
            guild = guilds[i];
        }
        return kinds.get(k).getValue().apply(guild);
    }

    private void fault() {
        try {
            int shards = discord.shardTotal();
            int shard = random.nextInt(shards);
            LocalGateway.Connection c = discord.gateway().session(shard);
            // One INFO line per fault, before it happens: what follows in the log (a resume, a retried 429)
            // is then plainly the demo's doing, not a problem.
            switch (faultRound++ % 6) {
                case 0 -> {
                    deliberate("the next interaction callback gets an HTTP 429 (bucket scope); JDA retries it");
                    discord.rest().fault("POST", "interactions/\\d+/[^/]+/callback", 1,
                            LocalRest.Reply.rateLimited(LocalRest.Scope.USER, Duration.ofMillis(300)));
                }
                case 1 -> {
                    if (c != null) {
                        deliberate("shard " + shard + " is asked to reconnect (op 7); JDA resumes");
                        c.requestReconnect(); // op 7: JDA resumes on a new connection
                    }
                }
                case 2 -> {
                    deliberate("the next interaction callback is refused as too late (404 10062 Unknown interaction)");
                    discord.rest().fault("POST", "interactions/\\d+/[^/]+/callback", 1,
                            LocalRest.Reply.unknownInteraction()); // the bot answered too late
                }
                case 3 -> {
                    deliberate("the next interaction callback gets an HTTP 429 (global scope); JDA retries it");
                    discord.rest().fault("POST", "interactions/\\d+/[^/]+/callback", 1,
                            LocalRest.Reply.rateLimited(LocalRest.Scope.GLOBAL, Duration.ofMillis(200)));
                }
                case 4 -> {
                    if (c != null) {
                        deliberate("shard " + shard + "'s connection is closed with 4000 (Unknown error); JDA resumes");
                        c.closeWith(4000, "Unknown error.");
                    }
                }
                default -> {
                    if (c != null) {
                        deliberate("shard " + shard + "'s session is invalidated; JDA identifies again (a full reconnect)");
                        c.invalidateSession(false);
                    }
                }
            }
            faultsInjected.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.debug("demo fault failed", e);
        }
    }

    private static void deliberate(String what) {
        LOG.info("Deliberate fault (demo): {}", what);
    }

    /** Interactions sent so far. */
    public long sent() {
        return sent.get();
    }

    /** Interactions not sent because their shard was reconnecting. */
    public long dropped() {
        return dropped.get();
    }

    /** Faults injected so far. */
    public long faultsInjected() {
        return faultsInjected.get();
    }

    /** Stops sending (interactions already sent are still answered). */
    @Override
    public void close() {
        users.shutdownNow();
        faults.shutdownNow();
        try {
            users.awaitTermination(5, TimeUnit.SECONDS);
            faults.awaitTermination(6, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Configures {@link DemoTraffic}. */
    public static final class Builder {
        private final LocalDiscord discord;
        private double ratePerSecond = 8;
        private Duration faultEvery = Duration.ofSeconds(20);
        private long seed = System.nanoTime();

        private Builder(LocalDiscord discord) {
            this.discord = Objects.requireNonNull(discord, "discord");
        }

        /** The average number of interactions per second (default 8). */
        public Builder ratePerSecond(double rate) {
            if (!(rate >= 0) || rate > 100_000) {
                throw new IllegalArgumentException("rate must be between 0 and 100000");
            }
            this.ratePerSecond = rate;
            return this;
        }

        /**
         * How often a fault happens (default every 20 s; they take turns: 429 bucket, reconnect request,
         * late callback, 429 global, close 4000, invalidated session); null for none.
         */
        public Builder faultEvery(Duration every) {
            if (every != null && (every.isNegative() || every.isZero())) {
                throw new IllegalArgumentException("faultEvery must be positive");
            }
            this.faultEvery = every;
            return this;
        }

        /** Seeds the random choices (guilds, kinds, arrivals) for a reproducible sequence. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Starts sending; the bot should be connected already (interactions for a shard without a session are dropped). */
        public DemoTraffic start() {
            return new DemoTraffic(discord, this).begin();
        }
    }
}
