package argus.api.metrics;

/** One labelled value of a metric family. */
public sealed interface DataPoint permits ValuePoint, HistogramPoint {
    Labels labels();
}
