/**
 * Instrumenting the bot's own code (database calls, jobs, queues) into the same registry, guards and
 * endpoints as Argus' Discord metrics. Obtain an {@link argus.api.instrument.Instrumentation} from
 * {@code Argus.instrumentation()} on the module path, or as an OSGi service.
 */
@Export
@Version("0.2.0")
package argus.api.instrument;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
