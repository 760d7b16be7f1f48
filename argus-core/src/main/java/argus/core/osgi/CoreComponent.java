package argus.core.osgi;

import argus.api.config.ArgusConfig;
import argus.api.config.ConfigException;
import argus.api.config.Setting;
import argus.api.config.Settings;
import argus.api.instrument.Instrumentation;
import argus.api.sink.EventSink;
import argus.api.spi.CoreServices;
import argus.core.Argus;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.osgi.framework.BundleContext;
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

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Argus' core in OSGi (PID {@code argus.core}): one registry that observes every {@link JDA} and
 * {@link ShardManager} service as it comes and goes, and records into the highest-ranked
 * {@link EventSink} service (NullSink, or the ClickHouse sink while it is configured), swapped at
 * run time without a lock on the bot's threads. Registers {@link CoreServices} for the HTTP runtime
 * and the dashboard, and {@link Instrumentation} for bot bundles that time and count their own code
 * ({@code @Reference Instrumentation metrics;}) into the same registry. State (counters, histograms) lives here, so exporter and dashboard bundles can
 * come and go without losing it.
 *
 * <p>Configuration updates apply in place ({@link #modified}): no update restarts core, so no update
 * resets a counter or loses an in-flight timer. An invalid update is rejected with one log line and
 * core keeps its previous configuration, shown in {@code /healthz} and {@code argus_config_rejected}.
 * An invalid configuration at first start starts core on its defaults, reported the same way, so
 * {@code /metrics} and {@code /healthz} stay up whatever this PID says.
 */
@Component(name = CoreComponent.PID, configurationPid = CoreComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {})
@Designate(ocd = CoreConfiguration.class)
public final class CoreComponent {
    static final String PID = "argus.core";
    /** The settings this PID owns (the rest belong to argus.http, argus.web and the sink). */
    static final List<Setting<?>> KEYS = List.of(Settings.NAMESPACE_SETTING, Settings.CLUSTER_ID, Settings.TIMER_CAP,
            Settings.LABEL_CAP, Settings.JVM_METRICS, Settings.LOG_METRICS);
    private static final Logger LOG = LoggerFactory.getLogger(CoreComponent.class);

    private final Map<Object, AutoCloseable> observed = new ConcurrentHashMap<>();
    private final Map<Object, Object> pending = new ConcurrentHashMap<>();
    private volatile EventSink boundSink;
    private volatile Argus argus;
    private ServiceRegistration<CoreServices> registration;
    private ServiceRegistration<Instrumentation> instrumentation;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        ArgusConfig config;
        ConfigException rejected = null;
        try {
            config = ArgusConfig.fromConfigAdmin(properties, PID, KEYS, System.getenv());
        } catch (ConfigException e) {
            rejected = e;
            config = defaults();
            LOG.error("Argus core starts on its defaults: rejected configuration of PID {}: {}", PID, e.getMessage());
        }
        config.warnings().forEach(LOG::warn);
        Argus started = Argus.builder()
                .config(config)
                .discoverModules(false)   // DS binds the sink; argus.http serves
                .closeOnShutdown(false)   // stopping the framework deactivates this component
                .start();
        synchronized (this) {
            started.swapSink(boundSink);
            argus = started;
            // Bots bound before activation (dynamic references: bots must come and go freely).
            pending.forEach(this::observe);
            pending.clear();
        }
        started.services().configuration(PID, rejected);
        registration = context.registerService(CoreServices.class, started.services(), null);
        instrumentation = context.registerService(Instrumentation.class, started.instrumentation(), null);
    }

    /** This PID's own environment variables and the defaults, or the defaults alone if those are invalid too. */
    private static ArgusConfig defaults() {
        try {
            return ArgusConfig.fromConfigAdmin(Map.of(), PID, KEYS, System.getenv());
        } catch (ConfigException e) {
            return ArgusConfig.defaults();
        }
    }

    /**
     * A configuration update, applied in place on Config Admin's thread (nothing here waits): see
     * {@link Argus#reconfigure} for which keys apply at once and which wait for a restart.
     */
    @Modified
    void modified(Map<String, Object> properties) {
        Argus a = argus;
        if (a == null) {
            return;
        }
        ArgusConfig next;
        try {
            next = ArgusConfig.fromConfigAdmin(properties, PID, KEYS, System.getenv());
        } catch (ConfigException e) {
            a.services().configuration(PID, e);
            LOG.error("Argus core kept its previous configuration: rejected update of PID {}: {}", PID, e.getMessage());
            return;
        }
        a.reconfigure(next);
        a.services().configuration(PID, null);
        LOG.info("Argus core configuration of PID {} applied in place: {}", PID, describe(next));
    }

    private static String describe(ArgusConfig config) {
        StringBuilder b = new StringBuilder();
        for (Setting<?> key : KEYS) {
            b.append(b.length() == 0 ? "" : ", ").append(key.key()).append('=').append(config.describe().get(key.key()));
        }
        return b.toString();
    }

    @Deactivate
    void deactivate() {
        unregister(instrumentation);
        unregister(registration);
        Argus a;
        synchronized (this) {
            observed.values().forEach(CoreComponent::closeQuietly);
            observed.clear();
            a = argus;
            argus = null;
        }
        if (a != null) {
            a.swapSink(null); // the sink belongs to its own bundle, which drains it when it stops
            a.close();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindJda(JDA jda) {
        observe(jda, jda);
    }

    void unbindJda(JDA jda) {
        forget(jda);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindShardManager(ShardManager shardManager) {
        observe(shardManager, shardManager);
    }

    void unbindShardManager(ShardManager shardManager) {
        forget(shardManager);
    }

    /**
     * The highest-ranked sink. With a greedy dynamic reference SCR binds a better-ranked sink before
     * unbinding the old one, so the slot is never empty during a swap; the outgoing sink's own
     * component drains it when it deactivates.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindSink(EventSink sink) {
        boundSink = sink;
        Argus a = argus;
        if (a != null) {
            a.swapSink(sink);
        }
        LOG.info("Argus analytics sink: {}", sink.getClass().getName());
    }

    synchronized void unbindSink(EventSink sink) {
        if (boundSink != sink) {
            return; // already replaced by a better-ranked one
        }
        boundSink = null;
        Argus a = argus;
        if (a != null) {
            a.swapSink(null);
        }
    }

    private synchronized void observe(Object key, Object bot) {
        Argus a = argus;
        if (a == null) {
            pending.put(key, bot);
            return;
        }
        try {
            observed.put(key, bot instanceof JDA jda ? a.observe(jda) : a.observe((ShardManager) bot));
            LOG.info("Argus observing {}", bot instanceof JDA ? "a JDA service" : "a ShardManager service");
        } catch (RuntimeException e) {
            // fail open: a bot that cannot be hooked is logged and counted, never thrown into the container
            a.services().reportError("observe", e);
            LOG.error("Argus could not observe a bot service: {}", e.toString());
        }
    }

    private synchronized void forget(Object key) {
        pending.remove(key);
        AutoCloseable handle = observed.remove(key);
        if (handle != null) {
            closeQuietly(handle);
        }
    }

    private static void unregister(ServiceRegistration<?> r) {
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("Error detaching from a bot", e);
        }
    }
}
