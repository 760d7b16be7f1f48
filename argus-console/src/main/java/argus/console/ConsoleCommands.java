package argus.console;

import argus.api.health.Health;
import argus.api.sink.EventSink;
import argus.api.sink.SinkStats;
import argus.api.spi.CoreServices;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Argus' own console commands. Gogo calls a public method named in {@code osgi.command.function} on any
 * service that carries {@code osgi.command.scope}, so these are plain methods returning text: no Gogo
 * dependency, and the same text serves the remote console. The {@link Supplier} face is the launcher's
 * one-line start-up summary (the launcher sees only JDK types across the framework boundary).
 *
 * <p>Every reference is optional and dynamic: the console must answer, and say what is missing, when core,
 * SCR or Config Admin are not there (a console that needs the thing it diagnoses is no console).
 */
@Component(name = "argus.console", service = {Object.class, Supplier.class}, property = {
        "osgi.command.scope=argus",
        "osgi.command.function=status",
        "osgi.command.function=sink",
        "osgi.command.function=config",
        "osgi.command.function=summary",
        "argus.launcher.summary=true"})
public final class ConsoleCommands implements Supplier<String> {
    /** Keys whose values never leave the process: tokens, passwords, secrets. */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(token|password|passwd|secret|credential).*");
    /** user:password@ in a DSN or URL. */
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]*:[^/@\\s]*@");

    private BundleContext context;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CoreServices core;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServiceComponentRuntime scr;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationAdmin configAdmin;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    /** argus:status: bundles, components, subsystems, listen address, bots, the sink, rejected configurations. */
    public String status() {
        StringBuilder out = new StringBuilder();
        out.append("bundles     ").append(bundles()).append('\n');
        out.append("components  ").append(components(true)).append('\n');
        CoreServices c = core;
        if (c == null) {
            out.append("core        MISSING: no argus.core service (is the argus.core bundle active?)\n");
        } else {
            out.append("listening   ").append(listening(c.health())).append('\n');
            out.append("subsystems\n");
            c.health().forEach((name, h) -> {
                if (!name.startsWith("config:")) {
                    out.append("  ").append(pad(name, 14)).append(h.up() ? "UP    " : "DOWN  ").append(h.detail()).append('\n');
                }
            });
            List<String> rejected = new ArrayList<>();
            c.health().forEach((name, h) -> {
                if (name.startsWith("config:") && !h.up()) {
                    rejected.add(name.substring(7) + ": " + h.detail());
                }
            });
            out.append("rejected configurations  ").append(rejected.isEmpty() ? "none" : "").append('\n');
            rejected.forEach(r -> out.append("  ").append(r).append('\n'));
        }
        out.append("bots observed  ").append(bots()).append('\n');
        out.append(sink());
        return out.toString();
    }

    /** argus:sink: the sink core binds (the highest-ranked EventSink service) and its accounting. */
    public String sink() {
        ServiceReference<EventSink> ref = context.getServiceReference(EventSink.class);
        if (ref == null) {
            return "sink        MISSING: no EventSink service (argus.sink.nullsink is the default)\n";
        }
        EventSink s = context.getService(ref);
        if (s == null) {
            return "sink        MISSING: the EventSink service went away\n";
        }
        try {
            SinkStats st = s.stats();
            Health h = s.health();
            return "sink        " + s.name() + " (bundle " + ref.getBundle().getSymbolicName() + ", ranking "
                    + ref.getProperty(Constants.SERVICE_RANKING) + ") " + (h.up() ? "UP " : "DOWN ") + h.detail() + '\n'
                    + "  offered " + st.offered() + ", accepted " + st.accepted() + ", dropped " + st.dropped()
                    + ", written " + st.written() + ", failed " + st.failed() + ", pending " + st.pending() + '\n';
        } finally {
            context.ungetService(ref);
        }
    }

    /** argus:config: every argus.* configuration in Config Admin, secrets redacted. */
    public String config() throws IOException, InvalidSyntaxException {
        ConfigurationAdmin cm = configAdmin;
        if (cm == null) {
            return "Config Admin MISSING: no ConfigurationAdmin service\n";
        }
        Configuration[] configs = cm.listConfigurations("(service.pid=argus.*)");
        if (configs == null || configs.length == 0) {
            return "no argus.* configuration: every component runs on its defaults (conf/*.cfg.example)\n";
        }
        Arrays.sort(configs, (a, b) -> a.getPid().compareTo(b.getPid()));
        StringBuilder out = new StringBuilder();
        for (Configuration cfg : configs) {
            out.append(cfg.getPid()).append('\n');
            Dictionary<String, Object> props = cfg.getProperties();
            Map<String, Object> sorted = new TreeMap<>();
            for (Enumeration<String> keys = props.keys(); keys.hasMoreElements(); ) {
                String k = keys.nextElement();
                if (!k.startsWith("service.") && !k.startsWith("felix.fileinstall.") && !k.equals("component.name")) {
                    sorted.put(k, props.get(k));
                }
            }
            sorted.forEach((k, v) -> out.append("  ").append(k).append(" = ").append(redact(k, v)).append('\n'));
        }
        return out.toString();
    }

    /** argus:summary: one line. */
    public String summary() {
        return bundles() + "; " + get();
    }

    /** The launcher's start-up line after its own bundle count: components, what is missing, bots, address. */
    @Override
    public String get() {
        CoreServices c = core;
        return components(false) + "; bots " + bots() + "; " + (c == null ? "core MISSING" : listening(c.health()));
    }

    static String redact(String key, Object value) {
        String v = String.valueOf(value);
        if (SECRET_KEY.matcher(key).matches()) {
            return v.isEmpty() ? "(empty)" : "(redacted)";
        }
        return USER_INFO.matcher(v).replaceAll("***:***@");
    }

    private String bundles() {
        Bundle[] all = context.getBundles();
        List<String> notActive = new ArrayList<>();
        int candidates = 0;
        for (Bundle b : all) {
            if (b.getBundleId() == 0 || b.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            candidates++;
            if (b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName());
            }
        }
        return (candidates - notActive.size()) + " of " + candidates + " bundles active"
                + (notActive.isEmpty() ? "" : " (not active: " + String.join(", ", notActive) + ")");
    }

    /** "N components active" plus, when asked or when some are missing, which ones are not satisfied. */
    private String components(boolean detail) {
        ServiceComponentRuntime runtime = scr;
        if (runtime == null) {
            return "components MISSING: no Declarative Services runtime (org.apache.felix.scr)";
        }
        int active = 0;
        List<String> missing = new ArrayList<>();
        for (ComponentDescriptionDTO d : runtime.getComponentDescriptionDTOs()) {
            if (!runtime.isComponentEnabled(d)) {
                missing.add(d.name + " (disabled)");
                continue;
            }
            var configs = runtime.getComponentConfigurationDTOs(d);
            if (configs.isEmpty()) {
                // configuration policy REQUIRE without a configuration: waiting, by design (e.g. the ClickHouse sink)
                if (detail) {
                    missing.add(d.name + " (no configuration)");
                }
                continue;
            }
            for (ComponentConfigurationDTO cc : configs) {
                if (cc.state == ComponentConfigurationDTO.ACTIVE || cc.state == ComponentConfigurationDTO.SATISFIED) {
                    active++;
                } else {
                    String why = cc.state == ComponentConfigurationDTO.FAILED_ACTIVATION ? "failed: "
                            + (cc.failure == null ? "" : cc.failure.lines().findFirst().orElse("").strip())   // no stack trace
                            : "unsatisfied " + (cc.unsatisfiedReferences == null ? List.of()
                                    : Arrays.stream(cc.unsatisfiedReferences).map(r -> r.name).toList());
                    missing.add(d.name + " (" + (why.length() > 200 ? why.substring(0, 200) + "..." : why.replace('\n', ' ')) + ")");
                }
            }
        }
        return active + " components active" + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing));
    }

    private static String listening(Map<String, Health> health) {
        Health server = health.get("server");
        if (server == null) {
            return "HTTP not running (argus.http inactive)";
        }
        return server.up() ? server.detail() : "HTTP DOWN: " + server.detail();
    }

    private String bots() {
        int n = 0;
        for (String type : List.of("net.dv8tion.jda.api.JDA", "net.dv8tion.jda.api.sharding.ShardManager")) {
            try {
                ServiceReference<?>[] refs = context.getAllServiceReferences(type, null);
                n += refs == null ? 0 : refs.length;
            } catch (InvalidSyntaxException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return Integer.toString(n);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
