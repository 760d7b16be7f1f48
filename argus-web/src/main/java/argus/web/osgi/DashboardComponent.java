package argus.web.osgi;

import argus.api.config.ArgusConfig;
import argus.api.config.ConfigException;
import argus.api.config.Setting;
import argus.api.config.Settings;
import argus.api.query.AnalyticsQuery;
import argus.api.spi.CoreServices;
import argus.api.spi.ServerContext;
import argus.http.RouteContributor;
import argus.http.RouteTable;
import argus.web.dashboard.Dashboard;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard in OSGi (PID {@code argus.web}): mounts the page and its APIs into the argus.http
 * runtime's {@link RouteTable} and unmounts exactly those routes (ending open streams) when this
 * bundle stops, so stopping, updating or removing it never touches {@code /metrics} or collection.
 * The analytics reference is static and greedy: when the ClickHouse sink comes or goes this
 * component is re-activated, mounting {@code /api/analytics/*} only while analytics exists.
 *
 * <p>Configuration updates apply in place ({@link #modified}): the new routes are mounted before the
 * old ones leave. An invalid update keeps the dashboard on its previous configuration (one log line;
 * {@code /healthz} degraded with the PID and key; {@code argus_config_rejected{pid="argus.web"}});
 * only an invalid configuration at first start keeps the dashboard down, reported the same way.
 */
@Component(name = DashboardComponent.PID, configurationPid = DashboardComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {})
@Designate(ocd = DashboardConfiguration.class)
public final class DashboardComponent {
    static final String PID = "argus.web";
    /** The settings this PID owns. */
    static final List<Setting<?>> KEYS = List.of(Settings.DASHBOARD, Settings.DASHBOARD_PATH,
            Settings.DASHBOARD_AUTH_TOKEN, Settings.ALLOWED_HOSTS);
    private static final Logger LOG = LoggerFactory.getLogger(DashboardComponent.class);

    @Reference
    private RouteTable routes;

    @Reference
    private CoreServices core;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
    private AnalyticsQuery analytics;

    private List<AutoCloseable> mounted = List.of();

    @Activate
    void activate(Map<String, Object> properties) {
        ArgusConfig config;
        try {
            config = ArgusConfig.fromConfigAdmin(properties, PID, KEYS, System.getenv());
        } catch (ConfigException e) {
            core.configuration(PID, e);
            LOG.error("Argus dashboard stays down: invalid configuration in PID {}: {}", PID, e.getMessage());
            throw e;
        }
        mount(config);
    }

    /** A configuration update (a token, a path), applied in place on Config Admin's thread. */
    @Modified
    void modified(Map<String, Object> properties) {
        ArgusConfig config;
        try {
            config = ArgusConfig.fromConfigAdmin(properties, PID, KEYS, System.getenv());
        } catch (ConfigException e) {
            core.configuration(PID, e);
            LOG.error("Argus dashboard kept its previous configuration: rejected update of PID {}: {}", PID,
                    e.getMessage());
            return;
        }
        mount(config);
    }

    /** Mounts this configuration's routes, then unmounts the previous ones: requests never find neither. */
    private synchronized void mount(ArgusConfig config) {
        Optional<AnalyticsQuery> query = Optional.ofNullable(analytics);
        // /metrics belongs to argus.http: no format here.
        List<AutoCloseable> previous = mounted;
        mounted = new Dashboard(ServerContext.of(config, core, Optional::empty, () -> query)).mount(routes);
        RouteContributor.unmount(previous);
        core.configuration(PID, null);
        // Say where it is served only if something listens: a busy port must not read as a working dashboard.
        LOG.info("Argus dashboard mounted at {} (analytics {}); {}", config.get(Settings.DASHBOARD_PATH),
                query.isPresent() ? "on" : "off", routes.listening()
                        .map(address -> "served at " + address + config.get(Settings.DASHBOARD_PATH))
                        .orElse("not served yet: argus.http is not listening (see its log and /healthz)"));
    }

    @Deactivate
    synchronized void deactivate() {
        RouteContributor.unmount(mounted);
        mounted = List.of();
    }
}
