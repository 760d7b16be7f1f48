package argus.example.bot.osgi;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The DS component's life cycle, driven as Service Component Runtime drives it (activate with the
 * configuration, deactivate), against a recording {@link BundleContext}: in demo mode it publishes a
 * connected bot as a JDA (1 shard) or ShardManager (more) service and takes it down again.
 */
class ExampleBotComponentTest {
    private static final Duration T = Duration.ofSeconds(20);

    record Registered(String type, Object service, Dictionary<String, ?> props, AtomicBoolean unregistered) {
    }

    static final List<Registered> registered = new CopyOnWriteArrayList<>();

    static BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[]{BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args[0] instanceof Class<?> type) {
                        @SuppressWarnings("unchecked")
                        Registered r = new Registered(type.getName(), args[1], (Dictionary<String, ?>) args[2],
                                new AtomicBoolean());
                        registered.add(r);
                        return Proxy.newProxyInstance(ServiceRegistration.class.getClassLoader(),
                                new Class<?>[]{ServiceRegistration.class}, (p, m, a) -> {
                                    if (m.getName().equals("unregister")) {
                                        r.unregistered.set(true);
                                    }
                                    return null;
                                });
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    static ExampleBotConfiguration config(Map<String, Object> values) {
        return (ExampleBotConfiguration) Proxy.newProxyInstance(ExampleBotConfiguration.class.getClassLoader(),
                new Class<?>[]{ExampleBotConfiguration.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return ExampleBotConfiguration.class;
                    }
                    Object v = values.get(method.getName());
                    return v != null ? v : method.getDefaultValue();
                });
    }

    static void awaitUntil(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + T.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void demoModeWithOneShardPublishesAConnectedJdaAndShutsItDownOnDeactivate() {
        registered.clear();
        ExampleBotComponent component = new ExampleBotComponent();
        component.activate(context(), config(Map.of("mode", "demo", "guilds", 5, "rate", 50.0)));
        try {
            assertThat(registered).singleElement().satisfies(r -> {
                assertThat(r.type()).isEqualTo(JDA.class.getName());
                assertThat(r.props().get("argus.example.bot.mode")).isEqualTo("demo");
            });
            JDA jda = (JDA) registered.get(0).service();
            awaitUntil(() -> jda.getStatus() == JDA.Status.CONNECTED && jda.getGuildCache().size() == 5,
                    "the demo JDA connects with its 5 guilds");
        } finally {
            component.deactivate();
        }
        assertThat(registered.get(0).unregistered()).isTrue();
        assertThat(((JDA) registered.get(0).service()).getStatus()).isEqualTo(JDA.Status.SHUTDOWN);
    }

    @Test
    void demoModeWithShardsPublishesAShardManager() {
        registered.clear();
        ExampleBotComponent component = new ExampleBotComponent();
        component.activate(context(), config(Map.of("mode", "demo", "guilds", 6, "shards", 3)));
        try {
            assertThat(registered).singleElement().satisfies(r -> assertThat(r.type()).isEqualTo(ShardManager.class.getName()));
            ShardManager sm = (ShardManager) registered.get(0).service();
            awaitUntil(() -> sm.getShardCache().size() == 3 && sm.getShardCache().stream()
                    .allMatch(s -> s.getStatus() == JDA.Status.CONNECTED) && sm.getGuildCache().size() == 6,
                    "3 shards connected with 6 guilds");
        } finally {
            component.deactivate();
        }
        assertThat(registered.get(0).unregistered()).isTrue();
    }

    @Test
    void invalidConfigurationIsRefusedWithTheKeyAndPublishesNothing() {
        registered.clear();
        assertThatThrownBy(() -> new ExampleBotComponent().activate(context(), config(Map.of("mode", "mars"))))
                .hasMessageContaining("mode=mars");
        assertThatThrownBy(() -> new ExampleBotComponent().activate(context(), config(Map.of("mode", "discord"))))
                .hasMessageContaining("token");
        assertThatThrownBy(() -> new ExampleBotComponent().activate(context(), config(Map.of("shards", 0))))
                .hasMessageContaining("shards=0");
        assertThat(registered).isEmpty();
    }
}
