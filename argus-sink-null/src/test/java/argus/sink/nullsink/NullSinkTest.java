package argus.sink.nullsink;

import argus.api.config.ArgusConfig;
import argus.api.sink.AnalyticsEvent;
import argus.api.sink.EventKind;
import argus.api.sink.SinkStats;
import argus.api.spi.EventSinkProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class NullSinkTest {

    @Test
    void isDisabledSoCoreNeverBuildsEvents() {
        assertThat(NullSink.INSTANCE.enabled()).isFalse();
    }

    @Test
    void acceptsNothingAndCountsNothing() {
        boolean accepted = NullSink.INSTANCE.record(new AnalyticsEvent(0, EventKind.INTERACTION, 1, "button", "", 0,
                "", "", 0, "default"));
        assertThat(accepted).isFalse();
        assertThat(NullSink.INSTANCE.stats()).isEqualTo(SinkStats.EMPTY);
        NullSink.INSTANCE.close(Duration.ZERO);
        assertThat(NullSink.INSTANCE.health().up()).isTrue();
    }

    @Test
    void isFoundByServiceLoaderAtTheLowestPriority() {
        EventSinkProvider provider = ServiceLoader.load(EventSinkProvider.class).findFirst().orElseThrow();
        assertThat(provider).isInstanceOf(NullSinkProvider.class);
        assertThat(provider.priority()).isEqualTo(Integer.MIN_VALUE);
        assertThat(provider.open(ArgusConfig.defaults())).contains(NullSink.INSTANCE);
    }
}
