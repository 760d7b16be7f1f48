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
        counter(registry, Catalogue.HISTORY_OFFERED, out -> out.emit(stats(sinks).offered()));
        counter(registry, Catalogue.HISTORY_ACCEPTED, out -> out.emit(stats(sinks).accepted()));
        counter(registry, Catalogue.HISTORY_DROPPED, out -> out.emit(stats(sinks).dropped()));
        counter(registry, Catalogue.HISTORY_WRITTEN, out -> out.emit(stats(sinks).written()));
        counter(registry, Catalogue.HISTORY_FAILED, out -> out.emit(stats(sinks).failed()));
        BotMetrics.gauge(registry, Catalogue.HISTORY_PENDING, namespace, out -> out.emit(stats(sinks).pending()));
    }

    private static void counter(MetricRegistry registry, Catalogue.Metric m, CallbackFamily.Collector collector) {
        registry.counterCallback(m.name(), m.help(), m.labels(), collector);
    }

    /** Cumulative over every sink core has used: these counters never go back at a swap. */
    private static SinkStats stats(SinkSlot sinks) {
        return sinks.stats();
    }
}
