package argus.exporter.prometheus.osgi;

import argus.api.config.ArgusConfig;
import argus.api.config.ConfigException;
import argus.api.config.Setting;
import argus.api.config.Settings;
import argus.api.spi.CoreServices;
import argus.api.spi.ServerContext;
import argus.exporter.prometheus.PushgatewayProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pushgateway push in OSGi (PID {@code argus.pushgateway}; off until that configuration exists): the
 * same {@link PushgatewayProvider} as on the module path, fed by this PID's keys and core's
 * {@code cluster_id} (the group's {@code cluster}), pushing core's registry. Updates apply in place: a
 * valid one replaces the pusher, an invalid one keeps the running pusher and is reported like every
 * other PID's (one log line, {@code /healthz}, {@code argus_config_rejected{pid}}). Stopping deletes
 * the group on a thread of its own, so Config Admin never waits on the Pushgateway.
 */
@Component(name = PushgatewayComponent.PID, configurationPid = PushgatewayComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = {})
@Designate(ocd = PushgatewayConfiguration.class)
public final class PushgatewayComponent {
    static final String PID = "argus.pushgateway";
    /** The settings this PID owns. */
    static final List<Setting<?>> KEYS = List.of(Settings.PUSHGATEWAY_URL, Settings.PUSHGATEWAY_JOB,
            Settings.PUSH_INTERVAL_MS);
    private static final Logger LOG = LoggerFactory.getLogger(PushgatewayComponent.class);

    @Reference
    private CoreServices core;

    private AutoCloseable pusher = () -> { };

    @Activate
    void activate(Map<String, Object> properties) {
        try {
            pusher = start(properties);
        } catch (ConfigException e) {
            core.configuration(PID, e);
            LOG.error("Argus Pushgateway push stays off: invalid configuration in PID {}: {}", PID, e.getMessage());
            throw e;
        }
        core.configuration(PID, null);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        AutoCloseable next;
        try {
            next = start(properties);
        } catch (ConfigException e) {
            core.configuration(PID, e);
            LOG.error("Argus Pushgateway push kept its previous configuration: rejected update of PID {}: {}", PID,
                    e.getMessage());
            return;
        }
        stopLater(pusher);
        pusher = next;
        core.configuration(PID, null);
    }

    @Deactivate
    void deactivate() {
        stopLater(pusher);
        core.configuration(PID, null); // a rejected update of a configuration that is gone is moot
    }

    /** Validates this PID's keys (another key is refused) and starts pushing; nothing when no URL is set. */
    private AutoCloseable start(Map<String, Object> properties) {
        ArgusConfig.fromConfigAdmin(properties, PID, KEYS, Map.of()); // this PID's keys only
        Map<String, Object> withCluster = new HashMap<>(properties);
        withCluster.put(Settings.CLUSTER_ID.key(), core.clusterId());
        List<Setting<?>> keys = new ArrayList<>(KEYS);
        keys.add(Settings.CLUSTER_ID);
        ArgusConfig config = ArgusConfig.fromConfigAdmin(withCluster, PID, keys, Map.of());
        Optional<AutoCloseable> started = new PushgatewayProvider()
                .start(ServerContext.of(config, core, Optional::empty, Optional::empty));
        if (started.isEmpty()) {
            LOG.info("Argus Pushgateway push: PID {} has no pushgateway_url; not pushing", PID);
        }
        return started.orElse(() -> { });
    }

    /** The pusher's stop (its last act deletes the group, up to its deadline) on a thread of its own. */
    private static void stopLater(AutoCloseable pusher) {
        Thread t = new Thread(() -> {
            try {
                pusher.close();
            } catch (Exception e) {
                LOG.warn("Argus Pushgateway push did not stop cleanly: {}", e.toString());
            }
        }, "argus-pushgateway-stop");
        t.setDaemon(true);
        t.start();
    }
}
