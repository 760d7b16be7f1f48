package argus.exporter.prometheus;

import argus.api.config.ArgusConfig;
import argus.api.config.ConfigException;
import argus.api.health.Health;
import argus.api.metrics.Labels;
import argus.api.spi.CoreServices;
import argus.api.spi.ServerContext;
import argus.core.registry.Counter;
import argus.core.registry.MetricRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Pushing to a real Pushgateway: the group, its series, deletion on stop, and an outage that costs nothing. */
class PushgatewayPusherTest {
    private static final Duration T = Duration.ofSeconds(20);

    @Test
    void everySeriesIsPushedUnderTheJobAndClusterGroupAndDeletedOnStop() throws Exception {
        MetricRegistry registry = new MetricRegistry(200, Labels.of("cluster", "eu-1"));
        Counter commands = registry.counter("discord_app_commands", "Application commands by command and outcome",
                "command", "outcome");
        commands.labels("ping", "success").inc(3);
        registry.gauge("discord_guilds", "Guilds in JDA's cache", "", java.util.List.of(), out -> out.emit(42));
        try (PushgatewayServer pgw = PushgatewayServer.start()) {
            PushgatewayPusher pusher = PushgatewayPusher.start(pgw.uri(""), "bot-eu", "eu-1", registry,
                    Duration.ofMillis(200));
            try {
                await(() -> pusher.health().up(), () -> "first push: " + pusher.health());
                assertThat(pgw.scrape()).contains("discord_guilds{cluster=\"eu-1\",instance=\"\",job=\"bot-eu\"} 42")
                        .contains("discord_app_commands_total{cluster=\"eu-1\",command=\"ping\",instance=\"\",job=\"bot-eu\",outcome=\"success\"} 3");

                commands.labels("ping", "success").inc(4);
                await(() -> scrape(pgw).contains("outcome=\"success\"} 7"), () -> "the next push carries the new value");
            } finally {
                pusher.close();
            }
            assertThat(pgw.scrape()).as("the group is deleted on a clean stop").doesNotContain("job=\"bot-eu\"");
            assertThat(pusher.health().up()).isFalse();
        }
    }

    @Test
    void aPushgatewayThatIsDownIsReportedAndPushingResumesWhenItIsBack() throws Exception {
        int port = PushgatewayServer.freePort();
        MetricRegistry registry = Fixture.registry();
        PushgatewayPusher pusher = PushgatewayPusher.start(URI.create("http://127.0.0.1:" + port), "argus", "eu-1",
                registry, Duration.ofMillis(200));
        try {
            await(() -> pusher.health().detail().contains("failed"), () -> "reported down: " + pusher.health());
            assertThat(pusher.health().up()).isFalse();
            assertThat(pusher.health().detail()).contains("http://127.0.0.1:" + port).contains("ConnectException");

            try (PushgatewayServer pgw = PushgatewayServer.start(port)) {
                await(() -> pusher.health().up(), () -> "up once the Pushgateway answers: " + pusher.health());
                assertThat(pgw.scrape()).contains("job=\"argus\"");
            }
        } finally {
            pusher.close();
        }
    }

    @Test
    void credentialsInTheUrlBecomeBasicAuthAndNeverAppearInHealth() throws Exception {
        try (PushgatewayServer pgw = PushgatewayServer.start()) {
            PushgatewayPusher pusher = PushgatewayPusher.start(URI.create("http://bot:s3cret@127.0.0.1:" + pgw.port),
                    "argus", "eu-1", Fixture.registry(), Duration.ofMillis(200));
            try {
                await(() -> pusher.health().up(), () -> "pushed: " + pusher.health());
                assertThat(pusher.health().detail()).doesNotContain("s3cret").doesNotContain("bot:");
                assertThat(pusher.group().toString()).doesNotContain("s3cret");
            } finally {
                pusher.close();
            }
        }
    }

    @Test
    void theProviderStartsOnlyWithAUrlAndReportsItsHealthAsASubsystem() throws Exception {
        Map<String, Supplier<Health>> subsystems = new ConcurrentHashMap<>();
        MetricRegistry registry = Fixture.registry();
        CoreServices core = new CoreServices() {
            @Override
            public argus.api.metrics.MetricsSource metrics() {
                return registry;
            }

            @Override
            public Map<String, Health> health() {
                return Map.of();
            }

            @Override
            public void reportError(String hook, Throwable error) {
            }

            @Override
            public AutoCloseable subsystem(String name, Supplier<Health> health) {
                subsystems.put(name, health);
                return () -> subsystems.remove(name);
            }
        };
        PushgatewayProvider provider = new PushgatewayProvider();
        assertThat(provider.start(context(Map.of(), core))).isEmpty();

        try (PushgatewayServer pgw = PushgatewayServer.start()) {
            Optional<AutoCloseable> running = provider.start(context(Map.of("pushgateway_url", "http://127.0.0.1:" + pgw.port,
                    "push_interval_ms", "1000", "cluster_id", "c9"), core));
            assertThat(running).isPresent();
            await(() -> subsystems.containsKey("pushgateway") && subsystems.get("pushgateway").get().up(),
                    () -> "pushgateway subsystem up");
            assertThat(pgw.scrape()).contains("cluster=\"c9\"");
            running.get().close();
            assertThat(subsystems).doesNotContainKey("pushgateway");
        }
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedWithoutRepeatingIt() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> PushgatewayProvider.parse("ftp://user:hunter2@pgw:9091"));

        assertThat(e.key()).isEqualTo("pushgateway_url");
        assertThat(e.getMessage()).contains("http://").doesNotContain("hunter2");
    }

    private static ServerContext context(Map<String, String> settings, CoreServices core) {
        return ServerContext.of(ArgusConfig.resolve(settings, Map.of()), core, Optional::empty, Optional::empty);
    }

    private static String scrape(PushgatewayServer pgw) {
        try {
            return pgw.scrape();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what.get());
            }
            Thread.sleep(50);
        }
    }
}
