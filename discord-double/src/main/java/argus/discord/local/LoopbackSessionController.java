package argus.discord.local;

import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JDA's {@code SessionController} for the local gateway: {@link #getGateway()} is the loopback URL
 * and every connect (or reconnect) node runs at once on its own daemon thread, without the 5-second
 * IDENTIFY spacing Discord requires. {@code getShardedGateway} stays JDA's own: it asks
 * {@code GET gateway/bot}, which {@link LocalRest} answers with the local URL.
 */
public final class LoopbackSessionController extends SessionControllerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(LoopbackSessionController.class);

    private final String gatewayUrl;

    public LoopbackSessionController(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
    }

    @Override
    public void appendSession(SessionConnectNode node) {
        Thread t = new Thread(() -> {
            try {
                node.run(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("connecting shard {} to the local gateway failed", node.getShardInfo().getShardId(), e);
            }
        }, "LocalDiscord-connect-" + node.getShardInfo().getShardId());
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void removeSession(SessionConnectNode node) {
        // nothing queued: every node runs at once
    }

    @Override
    public String getGateway() {
        return gatewayUrl;
    }
}
