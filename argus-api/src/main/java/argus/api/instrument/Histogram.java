package argus.api.instrument;

/**
 * A fixed-bucket histogram the bot defined with {@link Instrumentation#histogram}. Observing never
 * throws; NaN is ignored, misuse is counted in {@code argus_instrumentation_errors_total}.
 *
 * <pre>{@code
 * Histogram size = instrumentation.histogram("upload_bytes", "Uploaded file sizes",
 *         new double[] {1e3, 1e4, 1e5, 1e6, 8e6}, "kind");
 * size.labels("image").observe(bytes);
 * }</pre>
 */
public interface Histogram {
    /** The series with these label values (see {@link Counter#labels} for the cap and overflow). */
    Child labels(String... labelValues);

    /** Records one observation, for a histogram defined without labels. */
    void observe(double value);

    /** One labelled series. */
    interface Child {
        void observe(double value);
    }
}
