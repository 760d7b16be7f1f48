/**
 * A bot that embeds Argus on the module path, as an integrator's bot does: it requires only
 * {@code argus.core} (and the local Discord it runs against); every other Argus module is found as a
 * service when its jar is on the module path.
 */
module argus.it.modulepath {
    requires argus.core;
    requires argus.discord.local;
}
