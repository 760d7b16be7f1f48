package argus.api.metrics;

/** The metric kinds the neutral registry produces. */
public enum MetricType {
    /** Monotonic; the family name carries no {@code _total} suffix, the format adds it. */
    COUNTER,
    GAUGE,
    /** Fixed buckets, cumulative counts, a sum and a count. */
    HISTOGRAM,
    /** A constant 1 with descriptive labels; the family name carries no {@code _info} suffix. */
    INFO
}
