@Export
@Version("0.1.0")
package argus.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
