package argus.springboot.it;

import argus.core.Argus;
import argus.discord.local.LocalDiscord;
import argus.discord.local.Payloads;
import argus.micrometer.TextScrape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Spring Boot configuration in a real Spring Boot application (Tomcat, Actuator, Boot's
 * auto-configured PrometheusMeterRegistry and JVM binders) with a real JDA on the local Discord: after
 * slash commands that succeed and fail, Boot's {@code /actuator/prometheus}, fetched over HTTP, serves
 * every Argus series with the name, labels and value of Argus' own {@code /metrics} text, and Boot's JVM
 * meters once. The application starts once for the class.
 */
class SpringBootActuatorTest {
    private static ConfigurableApplicationContext app;
    private static Argus argus;
    private static URI prometheus;

    @BeforeAll
    static void startTheBotAndDriveTraffic() {
        app = SpringApplication.run(BotApplication.class,
                "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
                // What a Boot bot sets to serve /actuator/prometheus at all (Actuator exposes health alone).
                "--management.endpoints.web.exposure.include=health,prometheus");
        argus = app.getBean(Argus.class);
        LocalDiscord discord = app.getBean(LocalDiscord.class);
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        prometheus = URI.create("http://127.0.0.1:" + port + "/actuator/prometheus");

        for (String command : List.of("ping", "ping", "fail", "ping")) {
            discord.dispatchInteraction(Payloads.slashCommand(Payloads.DEFAULT_GUILD_ID, command));
        }
        // Every command completed and no timer in flight: no Argus counter moves between the scrapes.
        LocalDiscord.waitUntil(() -> argus.registry().value("discord_app_commands", "ping", "success") == 3
                        && argus.registry().value("discord_app_commands", "fail", "error") == 1
                        && argus.registry().value("argus_timers_in_flight") == 0,
                Duration.ofSeconds(30), () -> "commands not completed: ping success "
                        + argus.registry().value("discord_app_commands", "ping", "success") + ", fail error "
                        + argus.registry().value("discord_app_commands", "fail", "error") + ", in flight "
                        + argus.registry().value("argus_timers_in_flight"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void actuatorServesArgusSeriesAsArgusMetricsDoesSeriesBySeries() throws Exception {
        Map<String, String> viaBoot = TextScrape.samples(get(prometheus));
        Map<String, String> viaArgus = TextScrape.samples(TextScrape.of(argus.registry().snapshot()));

        int compared = 0;
        for (Map.Entry<String, String> e : viaArgus.entrySet()) {
            String series = e.getKey();
            if (series.startsWith("jvm_") || series.startsWith("process_") || !TextScrape.isStable(series)) {
                continue;
            }
            assertThat(viaBoot).as(series).containsEntry(series, e.getValue());
            compared++;
        }
        assertThat(compared).isGreaterThan(30);
        // And the other way: Boot serves no Argus series that Argus' /metrics does not.
        for (Map.Entry<String, String> e : viaBoot.entrySet()) {
            String series = e.getKey();
            if ((series.startsWith("discord_") || series.startsWith("argus_")) && TextScrape.isStable(series)) {
                assertThat(viaArgus).as(series).containsEntry(series, e.getValue());
            }
        }
        // The traffic itself, as a dashboard reads it.
        assertThat(viaBoot)
                .containsEntry("discord_app_commands_total{cluster=\"default\",command=\"ping\",status=\"success\"}", "3.0")
                .containsEntry("discord_app_commands_total{cluster=\"default\",command=\"fail\",status=\"error\"}", "1.0")
                .containsEntry("discord_command_errors_total{cluster=\"default\",command=\"fail\",error_type=\"IllegalStateException\"}", "1.0")
                .containsEntry("discord_interactions_total{cluster=\"default\",status=\"acknowledged\",type=\"slash_command\"}", "4.0")
                .containsEntry("discord_app_command_duration_seconds_count{cluster=\"default\",command=\"ping\"}", "3")
                .containsEntry("discord_app_command_duration_seconds_bucket{cluster=\"default\",command=\"ping\",le=\"+Inf\"}", "3")
                .containsEntry("discord_guilds{cluster=\"default\"}", "1.0");
        List<String> buckets = new ArrayList<>();
        viaArgus.keySet().forEach(k -> {
            if (k.startsWith("discord_app_command_duration_seconds_bucket{cluster=\"default\",command=\"ping\",")) {
                buckets.add(k);
            }
        });
        assertThat(buckets).hasSizeGreaterThan(5);
        assertThat(viaBoot).containsKeys(buckets.toArray(String[]::new));
    }

    @Test
    void bootsJvmMetersAreThereOnceAndArgusJvmFamiliesAreLeftOut() throws Exception {
        Map<String, String> viaBoot = TextScrape.samples(get(prometheus));
        // Argus does collect them (its own /metrics serves them, with its cluster label) ...
        assertThat(TextScrape.samples(TextScrape.of(argus.registry().snapshot()))).containsKey("jvm_memory_used_bytes{area=\"heap\",cluster=\"default\"}");
        // ... and Boot serves its own JVM binders' meters (Micrometer's labels),
        assertThat(viaBoot.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{area=\"heap\",id="))
                .anyMatch(k -> k.startsWith("jvm_threads_live_threads"))
                .anyMatch(k -> k.startsWith("process_cpu_usage"))
                // but no jvm_/process_ sample of Argus': the registry would merge a second family of the same
                // name into Boot's (one # TYPE line, Argus' samples beside Micrometer's), counting memory twice.
                .noneMatch(k -> (k.startsWith("jvm_") || k.startsWith("process_")) && k.contains("cluster=\""));
    }

    /** The application runs the README's configuration: the snippet there is this module's Observability. */
    @Test
    void theConfigurationIsTheReadmesAsPrinted() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## Micrometer (Spring Boot)"));
        int start = section.indexOf("```java\n") + "```java\n".length();
        String snippet = section.substring(start, section.indexOf("```\n", start));
        String source = Files.readString(Path.of("src/test/java/argus/springboot/it/Observability.java"));
        assertThat(snippet).contains("class Observability", "ArgusMeterBinder");
        assertThat(source).contains(snippet);
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as("GET " + uri + ": " + response.body()).isEqualTo(200);
        return response.body();
    }
}
