/**
 * A small JDA bot instrumented with one line; runs on the module path. Without {@code DISCORD_TOKEN}
 * it runs in demo mode against a local Discord ({@code argus.discord.local}) with simulated users.
 * In OSGi, {@code argus.example.bot.osgi.ExampleBotComponent} publishes the bot as a JDA or
 * ShardManager service (Argus' core component attaches to it).
 */
module argus.example.bot {
    requires argus.core;
    requires transitive argus.discord.local; // Demo takes and returns LocalDiscord and DemoTraffic
    requires transitive net.dv8tion.jda; // ExampleBot is a JDA ListenerAdapter
    // JDA is an automatic module and cannot say that it needs commons-collections4 (its cache views'
    // iterators); without this the module graph leaves it out and iterating a ShardManager's shards fails.
    requires org.apache.commons.collections4;
    requires org.slf4j;
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;
    requires static osgi.core;
    requires static org.osgi.service.component.annotations;
    requires static org.osgi.service.metatype.annotations;

    exports argus.example.bot;
}
