package argus.discord.local;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.data.DataObject;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Discord on loopback: a {@link LocalRest} API and a {@link LocalGateway} that a real, unmodified JDA
 * connects to, and builders for a connected {@link JDA} or a {@code DefaultShardManager} with N
 * shards. Nothing ever reaches discord.com: JDA's HTTP client redirects every request to the local
 * API, whatever base URL a {@code RestConfig} set later names.
 *
 * <pre>{@code
 * try (LocalDiscord discord = LocalDiscord.start()) {            // one guild: Payloads.DEFAULT_GUILD_ID
 *     JDA jda = discord.jda().listeners(bot).connect();          // CONNECTED, READY and GUILD_CREATE handled
 *     discord.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, "ping"));
 *     // every listener has run; REST calls the bot made are in discord.rest().requests()
 * }
 * }</pre>
 *
 * One bot (a JDA or a ShardManager) per instance: dispatches go to the newest session of a shard.
 * {@link #close()} shuts the bot down, waits for JDA's threads and stops both servers.
 */
public final class LocalDiscord implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDiscord.class);
    /** How long waits (connect, barrier, shutdown) take at most unless {@link Builder#timeout} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Map<Long, String> guilds = new ConcurrentHashMap<>();
    private final LocalGateway gateway;
    private final LocalRest rest;
    private final OkHttpClient http;
    private final Duration timeout;
    private final List<JDA> jdas = new CopyOnWriteArrayList<>();
    private final List<ShardManager> shardManagers = new CopyOnWriteArrayList<>();
    private volatile int shardTotal = 1;

    private LocalDiscord(Builder b) {
        this.guilds.putAll(b.guilds);
        this.timeout = b.timeout;
        this.gateway = new LocalGateway(Payloads.TOKEN, guilds);
        try {
            this.rest = new LocalRest(Payloads.SELF_ID, gateway::url, b.recommendedShards);
            this.rest.requestLogLimit(b.requestLogLimit);
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
        int port = rest.port();
        Interceptor loopback = chain -> {
            okhttp3.Request request = chain.request();
            HttpUrl url = request.url();
            if (!"127.0.0.1".equals(url.host()) || url.port() != port) {
                request = request.newBuilder()
                        .url(url.newBuilder().scheme("http").host("127.0.0.1").port(port).build())
                        .build();
            }
            return chain.proceed(request);
        };
        this.http = new OkHttpClient.Builder().addInterceptor(loopback).build();
    }

    /** A local Discord with one guild ({@link Payloads#DEFAULT_GUILD_ID}). */
    public static LocalDiscord start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public LocalRest rest() {
        return rest;
    }

    public LocalGateway gateway() {
        return gateway;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The bot's guilds by id (the ones READY announces). */
    public Map<Long, String> guilds() {
        return Map.copyOf(guilds);
    }

    /** Sets up a single JDA (shard 0 of 1 unless {@link JdaSetup#shard} says otherwise). */
    public JdaSetup jda() {
        return new JdaSetup();
    }

    /** Sets up a {@code DefaultShardManager} running {@code shards} shards. */
    public ShardsSetup shardManager(int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be positive");
        }
        return new ShardsSetup(shards);
    }

    // ------------------------------------------------------------------ gateway traffic

    /**
     * Sends an {@code INTERACTION_CREATE} to the shard of its guild (shard 0 for DMs) and returns once
     * every listener has run. The REST API learns the interaction, so its callback is answered.
     *
     * @return the interaction's id
     */
    public long dispatchInteraction(DataObject interaction) {
        dispatch(shardFor(interaction), "INTERACTION_CREATE", interaction);
        return interaction.getUnsignedLong("id");
    }

    /**
     * Sends an {@code INTERACTION_CREATE} to the shard of its guild without waiting for JDA: for
     * traffic generators and load drivers. The REST API learns the interaction first.
     *
     * @return false (nothing sent) when that shard has no started, open session right now, e.g.
     *         while it reconnects
     */
    public boolean offerInteraction(DataObject interaction) {
        LocalGateway.Connection c = gateway.session(shardFor(interaction));
        if (c == null) {
            return false;
        }
        rest.registerInteraction(interaction);
        try {
            c.dispatch("INTERACTION_CREATE", interaction);
            return true;
        } catch (RuntimeException e) {
            return false; // the connection closed under us (a reconnect): the interaction is lost, as on Discord
        }
    }

    /**
     * An {@code INTERACTION_CREATE} serialised ahead of time, for {@link #offer(Prepared)}: load
     * drivers keep JSON building out of the measured window.
     */
    public static final class Prepared {
        private final long id;
        private final int type;
        private final String token;
        private final long channelId;
        private final long guildId;
        private final String json;

        private Prepared(DataObject interaction) {
            this.id = interaction.getUnsignedLong("id");
            this.type = interaction.getInt("type");
            this.token = interaction.getString("token");
            this.channelId = interaction.getUnsignedLong("channel_id", 0);
            this.guildId = interaction.getUnsignedLong("guild_id", 0);
            this.json = interaction.toString();
        }

        public long id() {
            return id;
        }

        public long guildId() {
            return guildId;
        }
    }

    /** Serialises {@code interaction} for a later {@link #offer(Prepared)}. */
    public static Prepared prepare(DataObject interaction) {
        return new Prepared(interaction);
    }

    /** As {@link #offerInteraction(DataObject)} for a prepared interaction. */
    public boolean offer(Prepared p) {
        LocalGateway.Connection c = gateway.session(p.guildId == 0 ? 0 : Payloads.shardOf(p.guildId, shardTotal));
        if (c == null) {
            return false;
        }
        rest.registerInteraction(p.id, p.type, p.token, p.channelId, p.guildId);
        try {
            c.dispatchJson("INTERACTION_CREATE", p.json);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The shard count of the bot built here (1 until a sharded JDA or a ShardManager is built). */
    public int shardTotal() {
        return shardTotal;
    }

    /** Sends a dispatch to the shard of {@code d}'s {@code guild_id} (shard 0 without one) and waits for JDA. */
    public void dispatch(String type, DataObject d) {
        dispatch(shardFor(d), type, d);
    }

    /** Sends a dispatch to {@code shard} and returns once JDA handled it (and every listener ran). */
    public void dispatch(int shard, String type, DataObject d) {
        if ("INTERACTION_CREATE".equals(type)) {
            rest.registerInteraction(d);
        }
        LocalGateway.Connection c = gateway.awaitSession(shard, timeout);
        c.dispatch(type, d);
        c.barrier(timeout);
    }

    /** A guild the bot joins now: GUILD_CREATE to its shard (JDA fires GuildJoinEvent). */
    public void addGuild(long id, String name) {
        guilds.put(id, name);
        dispatch(Payloads.shardOf(id, shardTotal), "GUILD_CREATE", Payloads.guildCreate(id, name));
    }

    /** Returns once JDA handled every frame already sent to {@code shard}. */
    public void barrier(int shard) {
        gateway.awaitSession(shard, timeout).barrier(timeout);
    }

    private int shardFor(DataObject d) {
        long guild = d.getUnsignedLong("guild_id", 0);
        return guild == 0 ? 0 : Payloads.shardOf(guild, shardTotal);
    }

    // ------------------------------------------------------------------ waiting

    /** Waits until {@code jda} is CONNECTED and its gateway session handled everything sent so far. */
    public void awaitConnected(JDA jda) {
        waitUntil(() -> jda.getStatus() == JDA.Status.CONNECTED, timeout,
                () -> "JDA shard " + jda.getShardInfo().getShardId() + " is " + jda.getStatus() + ", not CONNECTED");
        barrier(jda.getShardInfo().getShardId());
    }

    /** Waits until every shard of {@code manager} is CONNECTED (see {@link #awaitConnected(JDA)}). */
    public void awaitConnected(ShardManager manager) {
        waitUntil(() -> manager.getShardCache().size() == manager.getShardsTotal(), timeout,
                () -> manager.getShardCache().size() + " of " + manager.getShardsTotal() + " shards started");
        for (JDA shard : manager.getShardCache()) {
            awaitConnected(shard);
        }
    }

    /**
     * Polls {@code condition} until it holds.
     *
     * @throws AssertionError with {@code message} when it still does not after {@code timeout}
     */
    public static void waitUntil(BooleanSupplier condition, Duration timeout, Supplier<String> message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + ": " + message.get());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + message.get(), e);
            }
        }
    }

    /** Names of live threads JDA started (they all start with "JDA"); empty after {@link #close()}. */
    public static List<String> jdaThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("JDA")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Shuts down the bots built here (shutdownNow, then waits for each to reach SHUTDOWN and for
     * JDA's threads to end), releases the HTTP client and stops the gateway and REST servers.
     */
    @Override
    public void close() {
        List<JDA> shardsOfManagers = new ArrayList<>();
        for (ShardManager sm : shardManagers) {
            shardsOfManagers.addAll(sm.getShards());
            sm.shutdown();
        }
        List<JDA> all = new ArrayList<>(jdas);
        all.addAll(shardsOfManagers);
        for (JDA jda : all) {
            jda.shutdownNow();
        }
        try {
            for (JDA jda : all) {
                if (!jda.awaitShutdown(timeout)) {
                    LOG.warn("JDA shard {} did not shut down within {}", jda.getShardInfo().getShardId(), timeout);
                }
            }
            for (JDA shard : shardsOfManagers) {
                // A ShardManager shares one gateway pool and only shutdown()s it, which keeps JDA's delayed
                // "close the socket after 10 s anyway" task, and so a JDA thread, alive for 10 seconds.
                shard.getGatewayPool().shutdownNow();
            }
            if (!all.isEmpty()) {
                waitUntil(() -> jdaThreads().isEmpty(), timeout, () -> "JDA threads still alive: " + jdaThreads());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (AssertionError e) {
            LOG.warn(e.getMessage());
        } finally {
            http.connectionPool().evictAll();
            http.dispatcher().executorService().shutdown();
            gateway.close();
            rest.close();
        }
    }

    // ------------------------------------------------------------------ builders

    /** Configures a {@link LocalDiscord}. */
    public static final class Builder {
        private final Map<Long, String> guilds = new ConcurrentHashMap<>();
        private boolean defaultGuild = true;
        private int recommendedShards = 1;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int requestLogLimit = Integer.MAX_VALUE;

        private Builder() {
        }

        /** {@code count} guilds named "guild-k" with the ids {@link Payloads#guildId(int) guildId(0..count-1)}. */
        public Builder guilds(int count) {
            for (int k = 0; k < count; k++) {
                guild(Payloads.guildId(k), "guild-" + k);
            }
            return this;
        }

        /** See {@link LocalRest#requestLogLimit(int)}: bound it for long runs. */
        public Builder requestLogLimit(int limit) {
            this.requestLogLimit = limit;
            return this;
        }

        /** A guild the bot is in from the start (in READY, then GUILD_CREATE). */
        public Builder guild(long id, String name) {
            guilds.put(id, Objects.requireNonNull(name, "name"));
            return this;
        }

        /** Leaves out {@link Payloads#DEFAULT_GUILD_ID}. */
        public Builder noDefaultGuild() {
            defaultGuild = false;
            return this;
        }

        /** What {@code GET gateway/bot} recommends as the shard count. */
        public Builder recommendedShards(int shards) {
            this.recommendedShards = shards;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Starts the REST API and the gateway on free loopback ports. */
        public LocalDiscord start() {
            if (defaultGuild) {
                guilds.putIfAbsent(Payloads.DEFAULT_GUILD_ID, "Argus Test Guild");
            }
            return new LocalDiscord(this);
        }
    }

    /** A JDA bound to this local Discord: {@code createLight} with the given intents. */
    public final class JdaSetup {
        private final List<Object> listeners = new ArrayList<>();
        private EnumSet<GatewayIntent> intents = EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.DIRECT_MESSAGES);
        private int shardId;
        private int total = 1;
        private Consumer<? super JDABuilder> configure = b -> { };

        private JdaSetup() {
        }

        /** Listeners registered on the builder (they also see READY and everything before). */
        public JdaSetup listeners(Object... listeners) {
            this.listeners.addAll(List.of(listeners));
            return this;
        }

        public JdaSetup intents(EnumSet<GatewayIntent> intents) {
            this.intents = EnumSet.copyOf(intents);
            return this;
        }

        /** Runs this JDA as shard {@code shardId} of {@code shardTotal}. */
        public JdaSetup shard(int shardId, int shardTotal) {
            this.shardId = shardId;
            this.total = shardTotal;
            return this;
        }

        /**
         * Last say over the builder, e.g. {@code b -> Argus.instrument(b)}. A RestConfig set here may
         * keep Discord's base URL: the HTTP client sends every request to the local API anyway.
         */
        public JdaSetup configure(Consumer<? super JDABuilder> configure) {
            this.configure = Objects.requireNonNull(configure, "configure");
            return this;
        }

        /**
         * Builds the JDA: returns after login ({@code GET users/@me}), while the gateway session may
         * still be starting. Use {@link LocalGateway#pauseIdentify()} to hold READY back.
         */
        public JDA build() {
            JDABuilder b = JDABuilder.createLight(Payloads.TOKEN, intents)
                    .setSessionController(new LoopbackSessionController(gateway.url()))
                    .setRestConfig(new RestConfig().setBaseUrl(rest.baseUrl()))
                    .setHttpClient(http)
                    .setCompression(Compression.NONE)
                    .setEnableShutdownHook(false)
                    .addEventListeners(listeners.toArray());
            if (total > 1 || shardId > 0) {
                b.useSharding(shardId, total);
            }
            configure.accept(b);
            shardTotal = total;
            JDA jda = b.build();
            jdas.add(jda);
            return jda;
        }

        /** Builds the JDA and waits until it is CONNECTED with READY and every GUILD_CREATE handled. */
        public JDA connect() {
            JDA jda = build();
            awaitConnected(jda);
            return jda;
        }
    }

    /** A {@code DefaultShardManager} bound to this local Discord: {@code createLight} with N shards. */
    public final class ShardsSetup {
        private final int shards;
        private final List<Object> listeners = new ArrayList<>();
        private EnumSet<GatewayIntent> intents = EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.DIRECT_MESSAGES);
        private Consumer<? super DefaultShardManagerBuilder> configure = b -> { };

        private ShardsSetup(int shards) {
            this.shards = shards;
        }

        public ShardsSetup listeners(Object... listeners) {
            this.listeners.addAll(List.of(listeners));
            return this;
        }

        public ShardsSetup intents(EnumSet<GatewayIntent> intents) {
            this.intents = EnumSet.copyOf(intents);
            return this;
        }

        /** Last say over the builder, e.g. {@code b -> Argus.instrument(b)}. */
        public ShardsSetup configure(Consumer<? super DefaultShardManagerBuilder> configure) {
            this.configure = Objects.requireNonNull(configure, "configure");
            return this;
        }

        /** Builds the manager; shard 0 has logged in, the others start in JDA's queue worker. */
        public ShardManager build() {
            DefaultShardManagerBuilder b = DefaultShardManagerBuilder.createLight(Payloads.TOKEN, intents)
                    .setShardsTotal(shards)
                    .setSessionController(new LoopbackSessionController(gateway.url()))
                    .setRestConfig(new RestConfig().setBaseUrl(rest.baseUrl()))
                    .setHttpClient(http)
                    .setCompression(Compression.NONE)
                    .setEnableShutdownHook(false)
                    .addEventListeners(listeners.toArray());
            configure.accept(b);
            shardTotal = shards;
            ShardManager sm = b.build();
            shardManagers.add(sm);
            return sm;
        }

        /** Builds the manager and waits until every shard is CONNECTED. */
        public ShardManager connect() {
            ShardManager sm = build();
            awaitConnected(sm);
            return sm;
        }
    }
}
