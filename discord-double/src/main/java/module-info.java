/**
 * A local stand-in for Discord that a real, unmodified JDA client connects to: a loopback REST API
 * ({@link argus.discord.local.LocalRest}) and gateway ({@link argus.discord.local.LocalGateway}),
 * paired by {@link argus.discord.local.LocalDiscord}. Test and demo support only; no product bundle
 * depends on it at run time.
 */
module argus.discord.local {
    requires transitive net.dv8tion.jda;
    requires okhttp3; // the loopback redirect is an okhttp interceptor on JDA's HTTP client
    requires jdk.httpserver;
    requires org.slf4j;
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;

    exports argus.discord.local;
}
