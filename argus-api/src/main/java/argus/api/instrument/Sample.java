package argus.api.instrument;

/**
 * One running timing, started by {@link Instrumentation#timer(String)}; closing it records the
 * elapsed time. Closing twice records once. {@code close()} throws nothing, so it fits
 * try-with-resources without a {@code catch}.
 *
 * <pre>{@code
 * try (Sample t = instrumentation.timer("db_query")) {
 *     rows = db.query(sql);
 * }
 * }</pre>
 */
public interface Sample extends AutoCloseable {
    /** Records the time since the sample started (once). */
    @Override
    void close();
}
