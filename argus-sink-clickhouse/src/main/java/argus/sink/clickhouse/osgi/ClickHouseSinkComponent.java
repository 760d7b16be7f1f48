package argus.sink.clickhouse.osgi;

import argus.api.config.ArgusConfig;
import argus.api.config.ConfigException;
import argus.api.config.Setting;
import argus.api.config.Settings;
import argus.api.query.AnalyticsQuery;
import argus.api.sink.EventSink;
import argus.api.spi.CoreServices;
import argus.sink.clickhouse.ClickHouseSinkProvider;
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
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ClickHouse analytics sink in OSGi, present only while PID {@code argus.sink.clickhouse} is
 * configured with both {@code enable_per_guild} and {@code clickhouse_dsn}. It registers its
 * {@link EventSink} above NullSink, so core swaps it in.
 *
 * <p>Nothing here waits on ClickHouse on Config Admin's or the framework's dispatch thread:
 * <ul>
 *   <li>a configuration update ({@link #modified}) opens the new sink and registers it before the old
 *       one leaves, so core moves from one to the other with no moment where events are neither
 *       offered nor counted; the old one then drains on a thread of its own, within
 *       {@link #DRAIN_TIMEOUT};</li>
 *   <li>an invalid update keeps the running sink (one log line; {@code /healthz} degraded with the PID
 *       and key; {@code argus_config_rejected});</li>
 *   <li>deleting the configuration unregisters the sink (core swaps NullSink back) and drains it in
 *       the background as well; only a bundle or framework stop drains in place, so that a stopping
 *       JVM does not lose what was accepted.</li>
 * </ul>
 */
@Component(name = ClickHouseSinkComponent.PID, configurationPid = ClickHouseSinkComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = {})
@Designate(ocd = ClickHouseConfiguration.class)
public final class ClickHouseSinkComponent {
    static final String PID = "argus.sink.clickhouse";
    /** The settings this PID owns. */
    static final List<Setting<?>> KEYS = List.of(Settings.ENABLE_PER_GUILD, Settings.CLICKHOUSE_DSN,
            Settings.CLICKHOUSE_TABLE, Settings.CLICKHOUSE_CLUSTER, Settings.CLICKHOUSE_RETENTION_DAYS, Settings.CLICKHOUSE_ASYNC_INSERT,
            Settings.CLICKHOUSE_REQUEST_TIMEOUT_MS, Settings.SINK_QUEUE_CAPACITY, Settings.SINK_BATCH_SIZE, Settings.SINK_FLUSH_INTERVAL_MS);
    /** Above NullSink. */
    public static final int RANKING = 100;
    /** How long an outgoing sink may take to write what it accepted. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkComponent.class);
    private static final AtomicInteger DRAINS = new AtomicInteger();
    /** Declarative Services' ComponentConstants values (a compile-time API this bundle otherwise does not need). */
    private static final int DEACTIVATION_REASON_DISPOSED = 5;
    private static final int DEACTIVATION_REASON_BUNDLE_STOPPED = 6;

    /** Only for reporting a rejected update; the sink works without core's services. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CoreServices core;

    private BundleContext context;
    private Running running;

    /** One opened sink and query with their registrations. */
    private record Running(EventSink sink, AnalyticsQuery query, ServiceRegistration<EventSink> sinkRegistration,
                           ServiceRegistration<AnalyticsQuery> queryRegistration) {
    }

    @Activate
    synchronized void activate(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        ArgusConfig config;
        try {
            config = ArgusConfig.fromConfigAdmin(properties, PID, KEYS, System.getenv());
        } catch (ConfigException e) {
            report(e);
            LOG.error("ClickHouse sink stays down (analytics off): invalid configuration in PID {}: {}", PID,
                    e.getMessage());
            throw e;
        }
        running = open(config);
        report(null);
    }

    /** A configuration update: the new sink is registered before the old one leaves and drains aside. */
    @Modified
    synchronized void modified(Map<String, Object> properties) {
        ArgusConfig config;
        try {
            config = ArgusConfig.fromConfigAdmin(properties, PID, KEYS, System.getenv());
        } catch (ConfigException e) {
            report(e);
            LOG.error("ClickHouse sink kept its previous configuration: rejected update of PID {}: {}", PID,
                    e.getMessage());
            return;
        }
        Running previous = running;
        try {
            running = open(config);
        } catch (RuntimeException e) {
            ConfigException why = e instanceof ConfigException c ? c
                    : new ConfigException(Settings.CLICKHOUSE_DSN.key(), "the new ClickHouse sink could not be opened: "
                    + e.getClass().getSimpleName());
            report(why);
            LOG.error("ClickHouse sink kept its previous configuration: PID {} could not be applied: {}", PID,
                    why.getMessage());
            return;
        }
        report(null);
        stop(previous, false);
    }

    /** Opens and registers a sink for {@code config}, or nothing when analytics is not requested. */
    private Running open(ArgusConfig config) {
        if (!config.analyticsRequested()) {
            LOG.info("PID {} is present but analytics stays off: set both enable_per_guild=true and clickhouse_dsn",
                    PID);
            return null;
        }
        ClickHouseSinkProvider provider = new ClickHouseSinkProvider();
        EventSink sink = provider.open(config).orElseThrow();
        AnalyticsQuery query = provider.openQuery(config).orElseThrow();
        ServiceRegistration<AnalyticsQuery> queryRegistration = context.registerService(AnalyticsQuery.class, query,
                new Hashtable<>(Map.of("argus.sink", "clickhouse")));
        ServiceRegistration<EventSink> sinkRegistration = context.registerService(EventSink.class, sink,
                new Hashtable<>(Map.of("argus.sink", "clickhouse", Constants.SERVICE_RANKING, RANKING)));
        return new Running(sink, query, sinkRegistration, queryRegistration);
    }

    @Deactivate
    synchronized void deactivate(int reason) {
        // A stopping bundle or framework drains here, before the JVM may exit; a deleted configuration
        // drains aside so that Config Admin's dispatch goes on.
        boolean inPlace = reason == DEACTIVATION_REASON_BUNDLE_STOPPED || reason == DEACTIVATION_REASON_DISPOSED;
        stop(running, inPlace);
        running = null;
        report(null);
    }

    /** Unregisters (core moves to the next sink at once), then drains what was accepted. */
    private static void stop(Running r, boolean inPlace) {
        if (r == null) {
            return;
        }
        unregister(r.sinkRegistration());
        unregister(r.queryRegistration()); // the dashboard unmounts /api/analytics/*
        Runnable drain = () -> {
            r.sink().close(DRAIN_TIMEOUT);
            if (r.query() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.debug("Error closing the analytics query client", e);
                }
            }
        };
        if (inPlace) {
            drain.run();
        } else {
            Thread t = new Thread(drain, "argus-clickhouse-drain-" + DRAINS.incrementAndGet());
            t.setDaemon(false); // a JVM exit waits for the drain (bounded by DRAIN_TIMEOUT)
            t.start();
        }
    }

    private void report(ConfigException rejected) {
        CoreServices c = core;
        if (c != null) {
            c.configuration(PID, rejected);
        }
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework is stopping
        }
    }
}
