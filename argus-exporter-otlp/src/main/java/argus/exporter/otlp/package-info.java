/**
 * OTLP push of Argus' metrics and, opt-in, interaction spans: {@link argus.exporter.otlp.OtlpProvider}
 * starts them from the {@code otlp_*} and {@code tracing} settings.
 */
@Export
@Version("0.1.0")
package argus.exporter.otlp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
