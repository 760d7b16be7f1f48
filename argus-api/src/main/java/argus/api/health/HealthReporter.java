package argus.api.health;

/** Something whose health is read live (at scrape time) rather than pushed. */
@FunctionalInterface
public interface HealthReporter {
    Health health();
}
