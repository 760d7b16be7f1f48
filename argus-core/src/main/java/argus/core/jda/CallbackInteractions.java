package argus.core.jda;

import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.requests.Request;
import net.dv8tion.jda.api.requests.Route;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The interaction an interaction-callback request answers, read from the JDA action that sent it
 * instead of parsed out of its route.
 *
 * <p>Why: JDA's callback actions ({@code reply}, {@code deferReply}, {@code editMessage}, modals,
 * autocomplete: all subclasses of its internal {@code InteractionCallbackImpl}) keep the interaction
 * they answer in a field, which JDA offers no getter for. Parsing the 19-digit id out of
 * {@code interactions/{id}/{token}/callback} measured about 100 ns of a 300 ns interaction in JMH
 * (BENCHMARKS.md, issue 2); reading the field is two loads and a type check.
 *
 * <p>It is JDA internals, so it is strictly optional: the field is looked up once, and when this JDA
 * has no such class or field, or does not open it to Argus (a JDA that ships an explicit module that
 * does not open the package), or a request was sent by some other action (a bot compiling
 * {@code Route.Interactions.CALLBACK} itself), {@link #interactionId} returns -1 and the caller parses the
 * route as before. A test pins that the pinned JDA takes the fast path, so an upgrade that loses it
 * fails the build instead of quietly costing time.
 */
final class CallbackInteractions {
    private static final String ACTION_CLASS = "net.dv8tion.jda.internal.requests.restaction.interactions.InteractionCallbackImpl";
    private static final Class<?> ACTION;
    /** (Object action) Object interaction; null when this JDA does not have or open the field. */
    private static final MethodHandle INTERACTION;

    static {
        Class<?> action = null;
        MethodHandle getter = null;
        try {
            // JDA's own class loader: in OSGi the package is not exported, and Argus does not import it.
            Class<?> c = Class.forName(ACTION_CLASS, false, Route.class.getClassLoader());
            Class<?> type = c.getDeclaredField("interaction").getType();
            if (Interaction.class.isAssignableFrom(type)) {
                getter = MethodHandles.privateLookupIn(c, MethodHandles.lookup())
                        .findGetter(c, "interaction", type)
                        .asType(MethodType.methodType(Object.class, Object.class));
                action = c;
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // not this JDA's shape, or not open to us: both stay null and callbacks are parsed instead
            LoggerFactory.getLogger(CallbackInteractions.class).debug(
                    "JDA's callback actions are not readable here ({}); interaction callbacks are matched by "
                            + "parsing their route", e.toString());
        }
        ACTION = action;
        INTERACTION = getter;
    }

    private CallbackInteractions() {
    }

    /** Whether the running JDA lets Argus read callback actions' interactions (tests, diagnostics). */
    static boolean available() {
        return INTERACTION != null;
    }

    /** The id of the interaction {@code request} answers, or -1 when it cannot be read from the action. */
    static long interactionId(Request<?> request) {
        if (INTERACTION == null || request == null) {
            return -1;
        }
        Object action = request.getRestAction();
        if (!ACTION.isInstance(action)) {
            return -1;
        }
        try {
            Object interaction = (Object) INTERACTION.invokeExact(action);
            return interaction instanceof Interaction i ? i.getIdLong() : -1;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            return -1; // a getter of a final field does not throw; if it ever did, the route still works
        }
    }
}
