package argus.example.bot.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the example bot in OSGi (PID {@code argus.example.bot}, e.g. {@code argus.example.bot.cfg}). */
@ObjectClassDefinition(id = ExampleBotComponent.PID, name = "Argus example bot",
        description = "A JDA bot published as a JDA or ShardManager service: against Discord (mode=discord, token) "
                + "or, for a demo, against a local Discord with simulated users (mode=demo)")
public @interface ExampleBotConfiguration {
    @AttributeDefinition(description = "demo (a local Discord with simulated users) or discord (needs token)")
    String mode() default "demo";

    @AttributeDefinition(description = "The bot token (mode=discord)", type = AttributeType.PASSWORD)
    String token() default "";

    @AttributeDefinition(description = "Guilds of the local Discord (mode=demo)")
    int guilds() default 40;

    @AttributeDefinition(description = "Shards: 1 publishes a JDA service, more a ShardManager service")
    int shards() default 1;

    @AttributeDefinition(description = "Simulated interactions per second (mode=demo)")
    double rate() default 8;
}
