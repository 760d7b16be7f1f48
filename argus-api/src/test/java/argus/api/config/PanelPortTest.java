package argus.api.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Hosting panels give a bot its one reachable port in SERVER_PORT or PORT: used when nothing else chose one. */
class PanelPortTest {

    @Test
    void serverPortIsUsedWhenNeitherTheBuilderNorArgusPortChoseOne() {
        ArgusConfig cfg = ArgusConfig.resolve(Map.of(), Map.of("SERVER_PORT", "25565", "PORT", "8080"));

        assertThat(cfg.get(Settings.PORT)).isEqualTo(25565);
        assertThat(cfg.sourceOf(Settings.PORT)).isEqualTo("environment SERVER_PORT");
    }

    @Test
    void portIsTheFallbackWithoutServerPort() {
        assertThat(ArgusConfig.resolve(Map.of(), Map.of("PORT", "8080")).get(Settings.PORT)).isEqualTo(8080);
    }

    @Test
    void argusPortAndTheBuilderWinOverThePanel() {
        assertThat(ArgusConfig.resolve(Map.of(), Map.of("ARGUS_PORT", "9300", "SERVER_PORT", "25565"))
                .get(Settings.PORT)).isEqualTo(9300);
        assertThat(ArgusConfig.resolve(Map.of("port", "9400"), Map.of("SERVER_PORT", "25565"))
                .get(Settings.PORT)).isEqualTo(9400);
    }

    @Test
    void withoutAnyTheDefaultStands() {
        assertThat(ArgusConfig.resolve(Map.of(), Map.of()).get(Settings.PORT)).isEqualTo(9191);
    }

    @Test
    void anInvalidPanelPortNamesTheVariable() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ArgusConfig.resolve(Map.of(), Map.of("SERVER_PORT", "minecraft")));

        assertThat(e.getMessage()).contains("SERVER_PORT").contains("\"minecraft\"");
    }
}
