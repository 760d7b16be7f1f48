package argus.exporter.prometheus.osgi;

import argus.api.spi.MetricsFormat;
import argus.exporter.prometheus.PrometheusFormat;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.util.Hashtable;

/**
 * Registers the Prometheus scrape format. The HTTP runtime reads it per request, so removing this
 * bundle turns {@code /metrics} off and reinstalling it brings it back with the counters intact
 * (they live in core).
 */
@Component(name = "argus.exporter.prometheus", immediate = true, service = {})
public final class PrometheusFormatComponent {
    private ServiceRegistration<MetricsFormat> registration;

    @Activate
    void activate(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("argus.format", "prometheus");
        registration = context.registerService(MetricsFormat.class, new PrometheusFormat(), properties);
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
