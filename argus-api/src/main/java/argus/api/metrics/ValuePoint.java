package argus.api.metrics;

/** A counter, gauge or info value (info is always 1). */
public record ValuePoint(Labels labels, double value) implements DataPoint {
}
