package argus.sink.nullsink.osgi;

import argus.api.sink.EventSink;
import argus.sink.nullsink.NullSink;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.util.Hashtable;

/**
 * Registers {@link NullSink} as the lowest-ranked {@link EventSink}: core binds it whenever no
 * analytics sink is configured, so analytics is off by default (invariant 7).
 */
@Component(name = "argus.sink.nullsink", immediate = true, service = {})
public final class NullSinkComponent {
    /** Below any real sink, so a configured one always wins. */
    public static final int RANKING = -1000;

    private ServiceRegistration<EventSink> registration;

    @Activate
    void activate(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, RANKING);
        properties.put("argus.sink", "null");
        registration = context.registerService(EventSink.class, NullSink.INSTANCE, properties);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework is stopping
        }
    }
}
