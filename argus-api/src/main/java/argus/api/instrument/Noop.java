package argus.api.instrument;

import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;

/** {@link Instrumentation#noop()}: runs the bot's work, records nothing. */
final class Noop implements Instrumentation, Sample, Counter, Counter.Child, Histogram, Histogram.Child {
    static final Noop INSTANCE = new Noop();

    private Noop() {
    }

    @Override
    public Sample timer(String name) {
        return this;
    }

    @Override
    public <T> T time(String name, Callable<T> work) throws Exception {
        return work.call();
    }

    @Override
    public void time(String name, Runnable work) {
        work.run();
    }

    @Override
    public <T> T countExceptions(String name, Callable<T> work) throws Exception {
        return work.call();
    }

    @Override
    public void countExceptions(String name, Runnable work) {
        work.run();
    }

    @Override
    public Counter counter(String name, String help, String... labelNames) {
        return this;
    }

    @Override
    public void gauge(String name, String help, DoubleSupplier value) {
    }

    @Override
    public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
        return this;
    }

    @Override
    public void close() {
    }

    @Override
    public Noop labels(String... labelValues) {
        return this;
    }

    @Override
    public void inc() {
    }

    @Override
    public void inc(long amount) {
    }

    @Override
    public void observe(double value) {
    }
}
