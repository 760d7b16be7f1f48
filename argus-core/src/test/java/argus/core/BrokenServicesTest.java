package argus.core;

import argus.api.metrics.MetricsSnapshot;
import argus.api.spi.MetricsFormat;
import argus.api.spi.PushExporterProvider;
import argus.api.spi.ServerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static argus.core.Metrics.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An optional module whose service cannot load or start (a dependency missing, or older than the one
 * it was built with, as Spring Boot 3.5's Prometheus client is for argus-exporter-prometheus) is left
 * out and counted: {@code start()} goes on and the bot keeps its metrics.
 */
class BrokenServicesTest {

    /** Loads like a provider built against a newer library than the one on the path. */
    public static final class FormatBuiltAgainstANewerLibrary implements MetricsFormat {
        static {
            if (Boolean.parseBoolean("true")) {
                throw new NoClassDefFoundError("io/prometheus/metrics/config/EscapingScheme");
            }
        }

        @Override
        public String negotiate(String acceptHeader) {
            return "text/plain";
        }

        @Override
        public void write(OutputStream out, MetricsSnapshot snapshot, String contentType) {
        }
    }

    /** Loads, but its start reaches a class that is not there. */
    public static final class PusherMissingADependency implements PushExporterProvider {
        @Override
        public Optional<AutoCloseable> start(ServerContext context) {
            throw new NoClassDefFoundError("io/opentelemetry/api/common/Attributes");
        }
    }

    @Test
    void aServiceThatCannotLoadOrStartIsLeftOutCountedAndStartGoesOn(@TempDir Path dir) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(MetricsFormat.class.getName()),
                "argus.core.NoSuchFormat\n" + FormatBuiltAgainstANewerLibrary.class.getName() + "\n");
        Files.writeString(services.resolve(PushExporterProvider.class.getName()),
                PusherMissingADependency.class.getName() + "\n");

        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader withBrokenServices = new URLClassLoader(new URL[] {dir.toUri().toURL()}, previous);
             LocalBot local = LocalBot.connect()) {
            thread.setContextClassLoader(withBrokenServices); // ServiceLoader.load(type) reads the context loader
            Argus argus = local.attach();
            thread.setContextClassLoader(previous);

            assertThat(value(argus, "argus_up")).isEqualTo(1);
            assertThat(value(argus, "discord_guilds")).isEqualTo(1);
            assertThat(value(argus, "argus_instrumentation_errors", ServiceProviders.HOOK))
                    .as("the missing format, the one built against a newer library, and the pusher")
                    .isEqualTo(3);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
