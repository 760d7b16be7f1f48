package argus.api.spi;

import argus.api.metrics.MetricsSnapshot;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Renders a {@link MetricsSnapshot} in a scrape format. Provided by argus.exporter.prometheus
 * ({@code provides argus.api.spi.MetricsFormat}; an OSGi service in a container).
 */
public interface MetricsFormat {

    /** The content type to answer with for this {@code Accept} header (null or blank means "anything"). */
    String negotiate(String acceptHeader);

    /** Writes the snapshot in the format named by a content type {@link #negotiate} returned. */
    void write(OutputStream out, MetricsSnapshot snapshot, String contentType) throws IOException;
}
