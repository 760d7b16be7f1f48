@Export
@Version("0.2.0")
package argus.core.registry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
