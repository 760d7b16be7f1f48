package argus.core;

import argus.api.health.Health;
import argus.api.metrics.Labels;
import argus.api.sink.SinkStats;
import argus.core.jda.BotMetrics;
import argus.core.registry.CallbackFamily;
import argus.core.registry.MetricRegistry;
import net.dv8tion.jda.api.JDAInfo;

import java.util.Map;
import java.util.function.Supplier;

/** Argus' own health and accounting metrics ({@code argus_*}, never namespaced). */
final class SelfMetrics {
    private SelfMetrics() {
    }

    static void register(MetricRegistry registry, String namespace, Supplier<Map<String, Health>> health,
                         SinkSlot sinks, Supplier<Integer> inFlight, ConfigOutcomes config) {
        Catalogue.Metric info = Catalogue.BOT_INFO;
        registry.info(info.name(namespace), info.help(),
                Labels.of(info.labels().get(0), JDAInfo.VERSION, info.labels().get(1), ArgusVersion.get()));
        BotMetrics.gauge(registry, Catalogue.UP, namespace, out -> out.emit(1));
        BotMetrics.gauge(registry, Catalogue.SUBSYSTEM_UP, namespace,
                out -> health.get().forEach((name, h) -> out.emit(h.up() ? 1 : 0, name)));
        BotMetrics.gauge(registry, Catalogue.CONFIG_REJECTED, namespace, config::emit);
        BotMetrics.gauge(registry, Catalogue.TIMERS_IN_FLIGHT, namespace, out -> out.emit(inFlight.get()));
        // Sink accounting: accepted = written + failed + pending; offered = accepted + dropped.
        // One reading per scrape: the first family reads, the other five reuse it on the same thread, so
        // the identities hold exactly in every scrape even while events flow.
        ThreadLocal<SinkStats> reading = new ThreadLocal<>();
        counter(registry, Catalogue.HISTORY_OFFERED, out -> {
            SinkStats s = stats(sinks);
            reading.set(s);
            out.emit(s.offered());
        });
        counter(registry, Catalogue.HISTORY_ACCEPTED, out -> out.emit(read(reading, sinks).accepted()));
        counter(registry, Catalogue.HISTORY_DROPPED, out -> out.emit(read(reading, sinks).dropped()));
        counter(registry, Catalogue.HISTORY_WRITTEN, out -> out.emit(read(reading, sinks).written()));
        counter(registry, Catalogue.HISTORY_FAILED, out -> out.emit(read(reading, sinks).failed()));
        BotMetrics.gauge(registry, Catalogue.HISTORY_PENDING, namespace, out -> {
            out.emit(read(reading, sinks).pending());
            reading.remove(); // the last of the six: the next scrape reads afresh
        });
    }

    private static SinkStats read(ThreadLocal<SinkStats> reading, SinkSlot sinks) {
        SinkStats s = reading.get();
        return s != null ? s : stats(sinks);
    }

    private static void counter(MetricRegistry registry, Catalogue.Metric m, CallbackFamily.Collector collector) {
        registry.counterCallback(m.name(), m.help(), m.labels(), collector);
    }

    /** Cumulative over every sink core has used: these counters never go back at a swap. */
    private static SinkStats stats(SinkSlot sinks) {
        return sinks.stats();
    }
}
