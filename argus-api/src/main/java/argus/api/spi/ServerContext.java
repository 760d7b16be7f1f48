package argus.api.spi;

import argus.api.config.ArgusConfig;
import argus.api.query.AnalyticsQuery;

import java.util.Optional;

/** What the HTTP server is given: core's services, its own configuration, and the optional parts. */
public interface ServerContext extends CoreServices {
    ArgusConfig config();

    /** The scrape format, when an exporter is present (read per request: it may come and go in OSGi). */
    Optional<MetricsFormat> format();

    /** The analytics read side, when analytics is enabled. */
    Optional<AnalyticsQuery> analytics();
}
