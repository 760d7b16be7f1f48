package argus.core.jda;

import net.dv8tion.jda.api.JDA;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether a shard's gateway connection is held back by Discord's send limit (120 messages a minute),
 * argus-dpy's {@code discord_shard_ws_ratelimited}: presence and voice-state updates or member chunk
 * requests sent faster than that wait in JDA's queue.
 *
 * <p>Why JDA internals: JDA keeps the limit in its internal {@code WebSocketClient}
 * ({@code messagesSent} in the window that ends at {@code ratelimitResetTime}) and offers no getter;
 * it only logs "Hit the WebSocket RateLimit!" once per window. Its sender holds ordinary messages once
 * more than {@value #REGULAR_LIMIT} were sent in the window (the rest of the 120 is kept for heartbeats
 * and identify), which is what this reads. It is read at scrape time only, never on a bot thread.
 *
 * <p>Strictly optional, like {@link CallbackInteractions}: resolved once; when this JDA has no such
 * client or fields, or does not open them to Argus, {@link #available()} is false and the gauge has no
 * series (never a guess). A test pins that the pinned JDA is readable, so an upgrade that loses it
 * fails the build.
 */
final class GatewaySendLimit {
    /** JDA's sender holds ordinary messages once this many were sent in the current window. */
    static final int REGULAR_LIMIT = 115;
    private static final String JDA_IMPL = "net.dv8tion.jda.internal.JDAImpl";
    private static final String CLIENT = "net.dv8tion.jda.internal.requests.WebSocketClient";
    private static final Class<?> IMPL;
    /** (Object jda) Object client. */
    private static final MethodHandle GET_CLIENT;
    /** (Object client) long: when the current window ends, epoch millis. */
    private static final MethodHandle RESET_TIME;
    /** (Object client) Object: the AtomicInteger of messages sent in the window. */
    private static final MethodHandle SENT;

    static {
        Class<?> impl = null;
        MethodHandle getClient = null;
        MethodHandle resetTime = null;
        MethodHandle sent = null;
        try {
            // JDA's own class loader: in OSGi the internal packages are not exported, and Argus does not import them.
            ClassLoader loader = JDA.class.getClassLoader();
            Class<?> i = Class.forName(JDA_IMPL, false, loader);
            Class<?> client = Class.forName(CLIENT, false, loader);
            getClient = MethodHandles.privateLookupIn(i, MethodHandles.lookup())
                    .findVirtual(i, "getClient", MethodType.methodType(client))
                    .asType(MethodType.methodType(Object.class, Object.class));
            MethodHandles.Lookup inClient = MethodHandles.privateLookupIn(client, MethodHandles.lookup());
            resetTime = inClient.findGetter(client, "ratelimitResetTime", long.class)
                    .asType(MethodType.methodType(long.class, Object.class));
            sent = inClient.findGetter(client, "messagesSent", AtomicInteger.class)
                    .asType(MethodType.methodType(Object.class, Object.class));
            impl = i;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            getClient = null;
            LoggerFactory.getLogger(GatewaySendLimit.class).debug(
                    "JDA's gateway send limit is not readable here ({}); discord_shard_ws_ratelimited has no series",
                    e.toString());
        }
        IMPL = impl; // set last in the try: null whenever any lookup failed
        GET_CLIENT = getClient;
        RESET_TIME = resetTime;
        SENT = sent;
    }

    private GatewaySendLimit() {
    }

    /** Whether the running JDA lets Argus read its gateway send limit. */
    static boolean available() {
        return GET_CLIENT != null;
    }

    /**
     * 1 when {@code jda}'s gateway is holding ordinary messages back until its window ends, 0 when not,
     * -1 when it cannot be read (not JDA's own implementation, or no connection yet).
     */
    static int limited(JDA jda, long nowMillis) {
        if (GET_CLIENT == null || !IMPL.isInstance(jda)) {
            return -1;
        }
        try {
            Object client = (Object) GET_CLIENT.invokeExact((Object) jda);
            if (client == null) {
                return -1;
            }
            long resetAt = (long) RESET_TIME.invokeExact(client);
            Object sent = (Object) SENT.invokeExact(client);
            // JDA resets the count lazily, at the first send after the window: a past window is not limited.
            return resetAt > nowMillis && ((AtomicInteger) sent).get() > REGULAR_LIMIT ? 1 : 0;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            return -1;
        }
    }
}
