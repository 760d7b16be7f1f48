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

    private ArgusEventManager(IEventManager delegate, List<EventListener> listeners, boolean forwardRawEvents) {
        this.delegate = delegate;
        this.listeners = listeners == null ? null : new CopyOnWriteArrayList<>(listeners);
        this.forwardRawEvents = forwardRawEvents;
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
        return new ArgusEventManager(null, List.of(), forwardRawEvents);
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
            List<EventListener> existing = new ArrayList<>();
            for (Object l : current.getRegisteredListeners()) {
                existing.add((EventListener) l);
            }
            return new ArgusEventManager(null, existing, true);
        }
        return new ArgusEventManager(current, null, true);
    }

    /** Routes events to {@code hooks} from now on; null unbinds. */
    public void bind(BotHooks hooks) {
        this.hooks = hooks;
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
