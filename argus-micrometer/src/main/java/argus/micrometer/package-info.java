/**
 * {@link argus.micrometer.ArgusMeterBinder}: Argus' metrics in a bot's Micrometer Prometheus registry.
 */
@Export
@Version("0.1.0")
package argus.micrometer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
