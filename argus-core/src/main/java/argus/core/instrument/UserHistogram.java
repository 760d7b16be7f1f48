package argus.core.instrument;

import argus.api.instrument.Histogram;
import argus.core.registry.MetricRegistry;

/** The bot's view of a registry histogram; misuse is counted, never thrown. */
final class UserHistogram implements Histogram {
    private static final Child NOTHING = value -> { };

    private final argus.core.registry.Histogram histogram;
    private final int arity;
    private final MetricRegistry registry;
    private final Child unlabelled;

    UserHistogram(argus.core.registry.Histogram histogram, int arity, MetricRegistry registry) {
        this.histogram = histogram;
        this.arity = arity;
        this.registry = registry;
        this.unlabelled = arity == 0 ? histogram.unlabelled()::observe : null;
    }

    @Override
    public Child labels(String... labelValues) {
        try {
            if (labelValues == null || labelValues.length != arity) {
                throw new IllegalArgumentException("Histogram expects " + arity + " label values");
            }
            return arity == 0 ? unlabelled : histogram.labels(labelValues)::observe;
        } catch (RuntimeException e) {
            registry.recordError(UserMetrics.HOOK, e);
            return NOTHING;
        }
    }

    @Override
    public void observe(double value) {
        if (unlabelled == null) {
            registry.recordError(UserMetrics.HOOK,
                    new IllegalStateException("observe() on a labelled histogram: use labels(..).observe()"));
            return;
        }
        unlabelled.observe(value);
    }
}
