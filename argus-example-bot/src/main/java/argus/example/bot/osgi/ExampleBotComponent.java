package argus.example.bot.osgi;

import argus.core.Argus;
import argus.example.bot.Demo;
import argus.example.bot.ExampleBot;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Hashtable;
import java.util.Locale;

/**
 * The example bot in OSGi: per its configuration (PID {@code argus.example.bot}) it builds a JDA
 * ({@code shards=1}) or a ShardManager ({@code shards>1}), against Discord ({@code mode=discord},
 * {@code token}) or against an in-process local Discord with simulated users ({@code mode=demo},
 * {@code guilds}, {@code rate}), and publishes it as a {@link JDA} or {@link ShardManager} service.
 * It builds the bot with {@link Argus#instrument} (gateway events by type and 429s by scope need the
 * builder) but does not attach: Argus' core component attaches to every such service. Deactivation
 * unregisters the service, stops the bot's delayed answers and shuts the bot down.
 */
@Component(name = ExampleBotComponent.PID, configurationPid = ExampleBotComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = {})
@Designate(ocd = ExampleBotConfiguration.class)
public final class ExampleBotComponent {
    static final String PID = "argus.example.bot";
    private static final Logger LOG = LoggerFactory.getLogger(ExampleBotComponent.class);
    private static final Duration SHUTDOWN = Duration.ofSeconds(10);

    private volatile ServiceRegistration<?> registration;
    private volatile Demo demo;
    private volatile Object bot;
    private volatile ExampleBot listener;
    private volatile Thread starter;

    @Activate
    void activate(BundleContext context, ExampleBotConfiguration config) {
        String mode = config.mode() == null ? "demo" : config.mode().trim().toLowerCase(Locale.ROOT);
        int shards = config.shards();
        if (shards < 1) {
            throw new IllegalArgumentException(PID + ": shards=" + shards + " is not a positive whole number");
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("argus.example.bot.mode", mode);
        switch (mode) {
            case "demo" -> {
                if (config.guilds() < 1) {
                    throw new IllegalArgumentException(PID + ": guilds=" + config.guilds() + " is not positive");
                }
                Demo d = Demo.create(config.guilds(), shards);
                demo = d;
                try {
                    bot = shards > 1 ? d.buildShardManager(Argus::instrument) : d.buildJda(Argus::instrument);
                } catch (RuntimeException e) {
                    d.close();
                    demo = null;
                    throw e;
                }
                register(context, props);
                // Sessions start (READY) and users start sending once observers had the chance to bind.
                Thread t = new Thread(() -> {
                    try {
                        d.go(config.rate());
                        LOG.info("Example bot demo running: {} guilds on {} shard(s), ~{} interactions/s",
                                config.guilds(), shards, config.rate());
                    } catch (RuntimeException | AssertionError e) {
                        LOG.error("Example bot demo did not start", e);
                    }
                }, "argus-example-bot-demo");
                t.setDaemon(true);
                starter = t;
                t.start();
            }
            case "discord" -> {
                String token = config.token();
                if (token == null || token.isBlank()) {
                    throw new IllegalArgumentException(PID + ": mode=discord needs token");
                }
                ExampleBot l = new ExampleBot();
                listener = l;
                bot = shards > 1
                        ? Argus.instrument(DefaultShardManagerBuilder.createLight(token, GatewayIntent.GUILD_MESSAGES))
                                .setShardsTotal(shards).addEventListeners(l).build()
                        : Argus.instrument(JDABuilder.createLight(token, GatewayIntent.GUILD_MESSAGES))
                                .addEventListeners(l).build();
                register(context, props);
                LOG.info("Example bot connecting to Discord ({} shard(s))", shards);
            }
            default -> throw new IllegalArgumentException(PID + ": mode=" + config.mode()
                    + " is not one of demo, discord");
        }
    }

    private void register(BundleContext context, Hashtable<String, Object> props) {
        Object b = bot;
        if (b instanceof ShardManager sm) {
            registration = context.registerService(ShardManager.class, sm, props);
        } else {
            registration = context.registerService(JDA.class, (JDA) b, props);
        }
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<?> r = registration;
        registration = null;
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping
            }
        }
        Thread t = starter;
        if (t != null) {
            t.interrupt();
        }
        Demo d = demo;
        demo = null;
        Object b = bot;
        bot = null;
        ExampleBot l = listener;
        listener = null;
        if (l != null) {
            l.close(); // before the bot goes, so that no delayed answer meets a JDA that is shutting down
        }
        if (d != null) {
            d.close(); // stops the users, shuts the bot down, stops the local Discord
        } else if (b instanceof ShardManager sm) {
            sm.shutdown();
        } else if (b instanceof JDA jda) {
            jda.shutdown();
            try {
                if (!jda.awaitShutdown(SHUTDOWN)) {
                    jda.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                jda.shutdownNow();
            }
        }
    }
}
