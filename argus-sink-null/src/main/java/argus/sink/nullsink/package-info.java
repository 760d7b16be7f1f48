/**
 * The NullSink. The module is {@code argus.sink.nullsink}, not {@code argus.sink.null}: {@code null}
 * is a Java keyword and cannot be part of a module or package name.
 */
@Export
@Version("0.1.0")
package argus.sink.nullsink;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
