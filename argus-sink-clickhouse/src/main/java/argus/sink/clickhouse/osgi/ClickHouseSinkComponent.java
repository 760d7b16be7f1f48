package argus.sink.clickhouse.osgi;

import argus.api.config.ArgusConfig;
import argus.api.config.ConfigException;
import argus.api.config.Setting;
import argus.api.config.Settings;
import argus.api.query.AnalyticsQuery;
import argus.api.sink.EventSink;
import argus.sink.clickhouse.ClickHouseSinkProvider;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

/**
 * The ClickHouse analytics sink in OSGi, present only while PID {@code argus.sink.clickhouse} is
 * configured with both {@code enable_per_guild} and {@code clickhouse_dsn}. It registers its
 * {@link EventSink} above NullSink, so core swaps it in; deleting or changing the configuration
 * unregisters it first (core swaps back to NullSink or to the new sink) and only then drains what
 * it accepted, so no accepted event is lost to the swap.
 */
@Component(name = ClickHouseSinkComponent.PID, configurationPid = ClickHouseSinkComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = {})
@Designate(ocd = ClickHouseConfiguration.class)
public final class ClickHouseSinkComponent {
    static final String PID = "argus.sink.clickhouse";
    /** The settings this PID owns. */
    static final List<Setting<?>> KEYS = List.of(Settings.ENABLE_PER_GUILD, Settings.CLICKHOUSE_DSN,
            Settings.CLICKHOUSE_TABLE, Settings.CLICKHOUSE_RETENTION_DAYS, Settings.CLICKHOUSE_ASYNC_INSERT,
            Settings.CLICKHOUSE_REQUEST_TIMEOUT_MS, Settings.SINK_QUEUE_CAPACITY, Settings.SINK_BATCH_SIZE, Settings.SINK_FLUSH_INTERVAL_MS);
    /** Above NullSink. */
    public static final int RANKING = 100;
    /** How long deactivation waits for the outgoing sink to write what it accepted. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkComponent.class);

    private EventSink sink;
    private AnalyticsQuery query;
    private ServiceRegistration<EventSink> sinkRegistration;
    private ServiceRegistration<AnalyticsQuery> queryRegistration;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        ArgusConfig config;
        try {
            config = ArgusConfig.fromConfigAdmin(properties, PID, KEYS, System.getenv());
        } catch (ConfigException e) {
            LOG.error("ClickHouse sink stays down (analytics off): invalid configuration in PID {}: {}", PID,
                    e.getMessage());
            throw e;
        }
        if (!config.analyticsRequested()) {
            LOG.info("PID {} is present but analytics stays off: set both enable_per_guild=true and clickhouse_dsn",
                    PID);
            return;
        }
        ClickHouseSinkProvider provider = new ClickHouseSinkProvider();
        sink = provider.open(config).orElseThrow();
        query = provider.openQuery(config).orElseThrow();
        queryRegistration = context.registerService(AnalyticsQuery.class, query,
                new Hashtable<>(Map.of("argus.sink", "clickhouse")));
        sinkRegistration = context.registerService(EventSink.class, sink,
                new Hashtable<>(Map.of("argus.sink", "clickhouse", Constants.SERVICE_RANKING, RANKING)));
    }

    @Deactivate
    void deactivate() {
        unregister(sinkRegistration);   // core moves to the next sink before this one stops accepting
        unregister(queryRegistration);  // the dashboard unmounts /api/analytics/*
        if (sink != null) {
            sink.close(DRAIN_TIMEOUT);  // drains what it accepted
        }
        if (query instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("Error closing the analytics query client", e);
            }
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
