package argus.http.osgi;

import argus.api.config.ArgusConfig;
import argus.api.config.ConfigException;
import argus.api.config.Setting;
import argus.api.config.Settings;
import argus.api.spi.CoreServices;
import argus.api.spi.MetricsFormat;
import argus.api.spi.ServerContext;
import argus.http.server.JettyServer;
import argus.http.RouteTable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP runtime in OSGi (PID {@code argus.http}): serves {@code /metrics} and {@code /healthz}
 * for core and registers its {@link RouteTable} as a service, into which the dashboard bundle mounts
 * and from which it leaves, without touching {@code /metrics}. The scrape format is a dynamic
 * reference read per request: removing the exporter bundle turns {@code /metrics} into a 404 that
 * names the missing bundle; reinstalling it brings the same counters back.
 *
 * <p>Updates apply in place ({@link #modified}): a new metrics path or token swaps the
 * {@code /metrics} route, a new host or port rebinds, and the dashboard's routes stay mounted. An
 * invalid update keeps the previous configuration (one log line; {@code /healthz} degraded with the
 * PID and key; {@code argus_config_rejected{pid="argus.http"}}). Only an invalid configuration at
 * first start keeps this runtime down, reported the same way through core.
 */
@Component(name = HttpComponent.PID, configurationPid = HttpComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {})
@Designate(ocd = HttpConfiguration.class)
public final class HttpComponent {
    static final String PID = "argus.http";
    /** The settings this PID owns. */
    static final List<Setting<?>> KEYS = List.of(Settings.HOST_SETTING, Settings.PORT, Settings.METRICS_PATH,
            Settings.METRICS_AUTH_TOKEN);
    private static final Logger LOG = LoggerFactory.getLogger(HttpComponent.class);

    @Reference
    private CoreServices core;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MetricsFormat format;

    private JettyServer server;
    private ArgusConfig config;
    private AutoCloseable health = () -> { };
    private ServiceRegistration<RouteTable> registration;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        try {
            config = ArgusConfig.fromConfigAdmin(untilConfigured(properties), PID, KEYS, System.getenv());
        } catch (ConfigException e) {
            core.configuration(PID, e);
            LOG.error("Argus HTTP runtime stays down: invalid configuration in PID {}: {}", PID, e.getMessage());
            throw e;
        }
        core.configuration(PID, null);
        server = new JettyServer(ServerContext.of(config, core, () -> Optional.ofNullable(format), Optional::empty),
                List.of());
        server.start(config);   // never waits: a busy port is retried on the runtime's own thread
        health = core.subsystem("server", server::health);   // argus_subsystem_up{subsystem="server"}
        registration = context.registerService(RouteTable.class, server.routes(), null);
    }

    /** A configuration update, applied in place on Config Admin's thread (a bind attempt at most). */
    @Modified
    void modified(Map<String, Object> properties) {
        ArgusConfig next;
        try {
            next = ArgusConfig.fromConfigAdmin(untilConfigured(properties), PID, KEYS, System.getenv());
        } catch (ConfigException e) {
            core.configuration(PID, e);
            LOG.error("Argus HTTP runtime kept its previous configuration: rejected update of PID {}: {}", PID,
                    e.getMessage());
            return;
        }
        server.reconfigure(config, next);
        config = next;
        core.configuration(PID, null);
    }

    /**
     * Until Config Admin has a configuration for this PID (its properties then carry {@code service.pid}),
     * the runtime listens on loopback only: in a framework where the configuration arrives after the
     * bundles start, nothing is exposed on every interface, without a token, in between. {@code ARGUS_HOST}
     * still chooses the address.
     */
    static Map<String, Object> untilConfigured(Map<String, Object> properties) {
        if (properties.containsKey(Constants.SERVICE_PID) || System.getenv("ARGUS_HOST") != null) {
            return properties;
        }
        LOG.info("Argus HTTP runtime: PID {} has no configuration yet; listening on 127.0.0.1 only until it has one",
                PID);
        Map<String, Object> loopback = new HashMap<>(properties);
        loopback.put(Settings.HOST_SETTING.key(), "127.0.0.1");
        return loopback;
    }

    @Deactivate
    void deactivate() {
        try {
            health.close();
        } catch (Exception e) {
            LOG.debug("Error removing the server's health", e);
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework is stopping
        }
        server.close();
    }
}
