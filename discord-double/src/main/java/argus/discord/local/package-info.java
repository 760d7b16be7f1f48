/**
 * Discord on loopback for tests and demos: {@link argus.discord.local.LocalDiscord} starts a REST API
 * and a gateway and builds a connected JDA or ShardManager against them.
 */
@Export
@Version("0.1.0")
package argus.discord.local;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
