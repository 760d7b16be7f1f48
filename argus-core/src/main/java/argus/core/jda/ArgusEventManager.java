package argus.core.jda;

import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.RawGatewayEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.hooks.IEventManager;
import net.dv8tion.jda.api.hooks.InterfacedEventManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * JDA's {@link IEventManager} extension point, used so Argus sees every event <em>before</em> the
 * bot's listeners (receipt time must not include the bot's own handling) without touching those
 * listeners. Two modes:
 * <ul>
 *   <li>the bot uses JDA's default {@link InterfacedEventManager}: this manager takes its place and
 *       dispatches to the same listeners exactly as JDA does (in order, each guarded, errors logged,
 *       {@link Error}s rethrown), which also lets Argus count a listener's exception as a command
 *       error;</li>
 *   <li>any other manager (annotated, custom): it is wrapped and keeps dispatching; listener
 *       exceptions then stay invisible to Argus.</li>
 * </ul>
 * When no hooks are bound (before {@code attach}, after {@code close}) it is a plain event manager.
 *
 * <p>Raw gateway events: {@code Argus.instrument(builder)} turns them on for Argus' dispatch counts,
 * not for the bot. A manager made by {@link #standalone()} therefore keeps {@link RawGatewayEvent}s
 * from the bot's listeners (they never asked for them, and a {@code ListenerAdapter} pays a few
 * microseconds to look up a handler for each one: measured, that was Argus' largest cost per
 * interaction on the gateway thread). {@link #standalone(boolean) standalone(true)} forwards them
 * for bots that enable raw events for themselves; {@link #around} always forwards them (the bot's
 * own builder decided).
 */
public final class ArgusEventManager implements IEventManager {
    private static final Logger JDA_LOG = LoggerFactory.getLogger("net.dv8tion.jda.internal.JDAImpl");

    private final IEventManager delegate;
    private final CopyOnWriteArrayList<EventListener> listeners;
    private final boolean forwardRawEvents;
    private volatile BotHooks hooks;
    /**
     * What a manager installed at build time saw before Argus attached (READY, GUILD_CREATE, …), handed
     * to the first hooks bound; null once handed over, and for managers installed at attach time.
     */
    private volatile PreAttachTally preAttach;
    private final boolean installedAtBuild;

    private ArgusEventManager(IEventManager delegate, List<EventListener> listeners, boolean forwardRawEvents,
                              boolean tallyBeforeAttach) {
        this.delegate = delegate;
        this.listeners = listeners == null ? null : new CopyOnWriteArrayList<>(listeners);
        this.forwardRawEvents = forwardRawEvents;
        this.preAttach = tallyBeforeAttach ? new PreAttachTally() : null;
        this.installedAtBuild = tallyBeforeAttach;
    }

    /**
     * A manager that replaces JDA's default one (same dispatch semantics, listener errors visible) and
     * keeps raw gateway events, which Argus enabled for itself, from the bot's listeners.
     */
    public static ArgusEventManager standalone() {
        return standalone(false);
    }

    /**
     * As {@link #standalone()}; {@code forwardRawEvents} passes {@link RawGatewayEvent}s on to the
     * bot's listeners too (for bots that listen for them themselves).
     */
    public static ArgusEventManager standalone(boolean forwardRawEvents) {
        return new ArgusEventManager(null, List.of(), forwardRawEvents, true);
    }

    /**
     * The manager {@code Argus.instrument} installs on a builder whose own manager is {@code existing}
     * (null: JDA's default). It composes rather than replaces: JDA's default manager becomes a
     * standalone one, any other manager (annotated, custom) keeps dispatching to the bot's listeners
     * behind this one. Either way, the sessions and gateway events it sees before Argus attaches are
     * tallied and handed to Argus when it does, so {@code build()} then {@code attach} misses nothing.
     */
    public static ArgusEventManager instrumenting(IEventManager existing, boolean forwardRawEvents) {
        if (existing instanceof ArgusEventManager argus) {
            return argus; // instrumented twice: one manager, one count
        }
        if (existing == null) {
            return standalone(forwardRawEvents);
        }
        if (existing.getClass() == InterfacedEventManager.class) {
            return new ArgusEventManager(null, listenersOf(existing), forwardRawEvents, true);
        }
        return new ArgusEventManager(existing, null, forwardRawEvents, true);
    }

    private static List<EventListener> listenersOf(IEventManager manager) {
        List<EventListener> existing = new ArrayList<>();
        for (Object l : manager.getRegisteredListeners()) {
            existing.add((EventListener) l);
        }
        return existing;
    }

    /**
     * The manager to install in place of {@code current}: a replacement holding the same listeners
     * when {@code current} is JDA's default manager, else a wrapper around it.
     */
    public static ArgusEventManager around(IEventManager current) {
        if (current instanceof ArgusEventManager argus) {
            return argus;
        }
        if (current == null) {
            return standalone();
        }
        if (current.getClass() == InterfacedEventManager.class) {
            return new ArgusEventManager(null, listenersOf(current), true, false);
        }
        return new ArgusEventManager(current, null, true, false);
    }

    /**
     * Routes events to {@code hooks} from now on; null unbinds. The first hooks bound also receive what
     * this manager tallied before (see {@link #instrumenting}).
     */
    public void bind(BotHooks hooks) {
        if (preAttach == null || hooks == null) {
            this.hooks = hooks;
            return;
        }
        synchronized (this) { // against tallyOrHooks: an event is tallied or seen by the hooks, never both or neither
            PreAttachTally tally = preAttach;
            this.hooks = hooks;
            if (tally != null) {
                preAttach = null;
                tally.replayInto(hooks);
            }
        }
    }

    /** Whether this manager saw the shard's session from its start (it was installed at build time). */
    public boolean sawSessionStart() {
        return installedAtBuild;
    }

    public BotHooks boundHooks() {
        return hooks;
    }

    /** Whether the bot's listeners receive {@link RawGatewayEvent}s. */
    public boolean forwardsRawEvents() {
        return forwardRawEvents;
    }

    /** Whether listener exceptions are visible (this manager dispatches itself). */
    public boolean seesListenerErrors() {
        return listeners != null;
    }

    @Override
    public void register(Object listener) {
        if (listeners == null) {
            delegate.register(listener);
            return;
        }
        if (!(listener instanceof EventListener l)) {
            throw new IllegalArgumentException("Listener must implement EventListener");
        }
        listeners.add(l);
    }

    @Override
    public void unregister(Object listener) {
        if (listeners == null) {
            delegate.unregister(listener);
        } else {
            listeners.remove(listener);
        }
    }

    @Override
    public List<Object> getRegisteredListeners() {
        if (listeners == null) {
            return delegate.getRegisteredListeners();
        }
        return Collections.unmodifiableList(new ArrayList<>(listeners));
    }

    @Override
    public void handle(GenericEvent event) {
        BotHooks h = hooks;
        if (h == null && preAttach != null) {
            h = tallyOrHooks(event); // only until Argus attaches: the hot path never comes here
        }
        if (h != null) {
            h.onEvent(event); // never throws (invariant 5); reads the clock only for interactions
        }
        if (!forwardRawEvents && event instanceof RawGatewayEvent) {
            return;
        }
        if (listeners == null) {
            delegate.handle(event);
            return;
        }
        dispatch(event, h);
    }

    private synchronized BotHooks tallyOrHooks(GenericEvent event) {
        PreAttachTally tally = preAttach;
        if (tally == null) {
            return hooks;
        }
        tally.add(event);
        return null;
    }

    private void dispatch(GenericEvent event, BotHooks h) {
        for (EventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (Throwable throwable) {
                // Same message and logger as JDA's InterfacedEventManager, so bots see no difference.
                JDA_LOG.error("One of the EventListeners had an uncaught exception", throwable);
                if (h != null) {
                    h.onListenerError(event, throwable);
                }
                if (throwable instanceof Error error) {
                    throw error;
                }
            }
        }
    }
}
