package argus.example.bot;

import argus.discord.local.DemoTraffic;
import argus.discord.local.LocalDiscord;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The example bot in demo mode: a {@link LocalDiscord} (REST + gateway on loopback) with
 * {@code guilds} guilds, the bot ({@link ExampleBot}) connected to it as a real JDA (or a
 * ShardManager with {@code shards} shards), and {@link DemoTraffic} users. Argus is not called here:
 * on the module path {@code ExampleBot.main} attaches it, in OSGi Argus' core component does.
 *
 * <pre>{@code
 * Demo demo = Demo.create(40, 2);
 * ShardManager bot = demo.buildShardManager(b -> { });   // IDENTIFY held until go()
 * ... attach observers ...
 * demo.go(8);                                            // READY, then 8 interactions/s
 * demo.close();
 * }</pre>
 */
public final class Demo implements AutoCloseable {
    /** Interactions the local Discord remembers at most (it forgets the oldest): the demo runs for days. */
    static final int INTERACTIONS_HELD = 20_000;

    private final LocalDiscord discord;
    private final int shards;
    /** The bot's listener: owns the scheduler of its delayed answers, closed before the bot shuts down. */
    private final ExampleBot listener = new ExampleBot();
    private volatile DemoTraffic traffic;
    private volatile Object bot;

    private Demo(LocalDiscord discord, int shards) {
        this.discord = discord;
        this.shards = shards;
    }

    /** Starts the local Discord; the bot's sessions wait (IDENTIFY held) until {@link #go}. */
    public static Demo create(int guilds, int shards) {
        if (guilds < 1 || shards < 1) {
            throw new IllegalArgumentException("guilds and shards must be positive");
        }
        LocalDiscord discord = LocalDiscord.builder().noDefaultGuild().guilds(guilds)
                .recommendedShards(shards).requestLogLimit(1_000).start();
        // Bounded state whatever the rate: besides Discord's 15-minute token lifetime, a cap on the count.
        discord.rest().interactionLimit(INTERACTIONS_HELD);
        discord.gateway().pauseIdentify();
        return new Demo(discord, shards);
    }

    public LocalDiscord discord() {
        return discord;
    }

    /** The bot as a single JDA (shard 0 of 1), listening with {@link ExampleBot}. */
    public JDA buildJda(Consumer<? super JDABuilder> configure) {
        JDA jda = discord.jda().listeners(listener).configure(configure).build();
        bot = jda;
        return jda;
    }

    /** The bot as a ShardManager with {@code shards} shards, listening with {@link ExampleBot}. */
    public ShardManager buildShardManager(Consumer<? super DefaultShardManagerBuilder> configure) {
        ShardManager sm = discord.shardManager(shards).listeners(listener).configure(configure).build();
        bot = sm;
        return sm;
    }

    /** The shard count this demo was created with. */
    public int shards() {
        return shards;
    }

    /** Lets the sessions start, waits until the bot is connected, then starts the users (a fault every 20 s). */
    public void go(double ratePerSecond) {
        go(ratePerSecond, Duration.ofSeconds(20));
    }

    /** As {@link #go(double)} with a fault every {@code faultEvery} (null: none); see {@link DemoTraffic}. */
    public void go(double ratePerSecond, Duration faultEvery) {
        discord.gateway().resumeIdentify();
        Object b = bot;
        if (b instanceof ShardManager sm) {
            discord.awaitConnected(sm);
        } else if (b instanceof JDA jda) {
            discord.awaitConnected(jda);
        }
        traffic = DemoTraffic.builder(discord).ratePerSecond(ratePerSecond).faultEvery(faultEvery).start();
    }

    /** The users, once {@link #go} started them. */
    public DemoTraffic traffic() {
        return traffic;
    }

    /** Stops the users and the bot's delayed answers, shuts the bot down and stops the local Discord. */
    @Override
    public void close() {
        DemoTraffic t = traffic;
        if (t != null) {
            t.close();
        }
        listener.close();
        discord.close();
    }
}
