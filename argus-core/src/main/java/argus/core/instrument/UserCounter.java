package argus.core.instrument;

import argus.api.instrument.Counter;
import argus.core.registry.MetricRegistry;

/**
 * The bot's view of a registry counter: the same single-writer cells as Argus' own counters, with
 * misuse (wrong arity, negative amounts) counted instead of thrown.
 */
final class UserCounter implements Counter {
    private static final Child NOTHING = new Child() {
        @Override
        public void inc() {
        }

        @Override
        public void inc(long amount) {
        }
    };

    private final argus.core.registry.Counter counter;
    private final int arity;
    private final MetricRegistry registry;
    /** The only series of an unlabelled counter, resolved once. */
    private final Child unlabelled;

    UserCounter(argus.core.registry.Counter counter, int arity, MetricRegistry registry) {
        this.counter = counter;
        this.arity = arity;
        this.registry = registry;
        this.unlabelled = arity == 0 ? new Series(counter.unlabelled(), registry) : null;
    }

    @Override
    public Child labels(String... labelValues) {
        try {
            if (labelValues == null || labelValues.length != arity) {
                throw new IllegalArgumentException("Counter expects " + arity + " label values");
            }
            return arity == 0 ? unlabelled : new Series(counter.labels(labelValues), registry);
        } catch (RuntimeException e) {
            registry.recordError(UserMetrics.HOOK, e);
            return NOTHING;
        }
    }

    @Override
    public void inc() {
        unlabelledOrNothing().inc();
    }

    @Override
    public void inc(long amount) {
        unlabelledOrNothing().inc(amount);
    }

    private Child unlabelledOrNothing() {
        if (unlabelled == null) {
            registry.recordError(UserMetrics.HOOK,
                    new IllegalStateException("inc() on a labelled counter: use labels(..).inc()"));
            return NOTHING;
        }
        return unlabelled;
    }

    private static final class Series implements Child {
        private final argus.core.registry.Counter.Child child;
        private final MetricRegistry registry;

        Series(argus.core.registry.Counter.Child child, MetricRegistry registry) {
            this.child = child;
            this.registry = registry;
        }

        @Override
        public void inc() {
            child.inc();
        }

        @Override
        public void inc(long amount) {
            if (amount < 0) {
                registry.recordError(UserMetrics.HOOK, new IllegalArgumentException("counters only go up: " + amount));
                return;
            }
            child.inc(amount);
        }
    }
}
