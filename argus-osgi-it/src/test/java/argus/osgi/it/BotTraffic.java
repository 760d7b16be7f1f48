package argus.osgi.it;

import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A real JDA bot connected to the local Discord double, registered as a {@code JDA} service (as a bot
 * bundle does), answering a steady stream of slash commands across several guilds. Argus' core
 * attaches to it because the service appears; nothing in the test calls Argus.
 */
final class BotTraffic implements AutoCloseable {
    static final int GUILDS = 8;

    private final LocalDiscord discord;
    private final JDA jda;
    private final ServiceRegistration<JDA> registration;
    private final Thread driver;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private volatile boolean running = true;
    /** The command name sent from now on; null: {@code cmd0}..{@code cmd4} in turn. */
    volatile String command;

    BotTraffic(BundleContext context, int perSecond) {
        discord = LocalDiscord.builder().guilds(GUILDS).start();
        jda = discord.jda().listeners(new ListenerAdapter() {
            @Override
            public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
                event.reply("ok").queue(done -> answered.incrementAndGet());
            }
        }).connect();
        registration = context.registerService(JDA.class, jda, null);
        long periodNanos = 1_000_000_000L / perSecond;
        driver = new Thread(() -> {
            long next = System.nanoTime();
            int i = 0;
            while (running) {
                if (discord.offerInteraction(Payloads.slashCommand(Payloads.guildId(i % GUILDS),
                        command != null ? command : "cmd" + (i % 5)))) {
                    sent.incrementAndGet();
                }
                i++;
                next += periodNanos;
                LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
            }
        }, "it-traffic");
        driver.setDaemon(true);
        driver.start();
    }

    /** Guilds the bot is in (the double adds its default guild to the generated ones). */
    int guilds() {
        return discord.guilds().size();
    }

    long sent() {
        return sent.get();
    }

    long answered() {
        return answered.get();
    }

    /** Stops sending and waits until the bot has answered everything sent; it stays registered (and observed). */
    void pause() {
        running = false;
        try {
            driver.join(5_000);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (answered.get() < sent.get() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        pause();
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework is stopping
        }
        jda.shutdownNow();
        discord.close();
    }
}
