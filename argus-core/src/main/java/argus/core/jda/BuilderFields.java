package argus.core.jda;

import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.hooks.IEventManager;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;

import java.lang.reflect.Field;
import java.util.function.IntFunction;

/**
 * Reads what a bot already set on its JDA builder, so that {@code Argus.instrument} composes with it
 * instead of replacing it (a REST proxy's base URL, a custom rate limiter, an annotated event
 * manager). JDA's builders have setters but no getters for these; their fields are protected, so they
 * are read reflectively, once per {@code instrument} call (never on a hot path). JDA is an automatic
 * module, so its packages are open on the module path as they are on the class path and in OSGi.
 * Each accessor throws {@link IllegalStateException} with the manual call to use if a JDA version
 * renames the field: Argus then refuses rather than silently replacing the bot's settings.
 */
public final class BuilderFields {
    private static final Field JDA_REST_CONFIG = field(JDABuilder.class, "restConfig");
    private static final Field JDA_EVENT_MANAGER = field(JDABuilder.class, "eventManager");
    private static final Field SHARDS_REST_CONFIG = field(DefaultShardManagerBuilder.class, "restConfigProvider");
    private static final Field SHARDS_EVENT_MANAGER = field(DefaultShardManagerBuilder.class, "eventManagerProvider");

    private static final String JDA_MANUAL = "set them yourself: builder.setRawEventsEnabled(true)"
            + ".setEventManager(Argus.eventManager(yourEventManager))"
            + ".setRestConfig(Argus.restConfig(yourRestConfig))";

    private BuilderFields() {
    }

    /** The builder's RestConfig (JDA starts every builder with a default one), or null. */
    public static RestConfig restConfig(JDABuilder builder) {
        return (RestConfig) read(JDA_REST_CONFIG, builder, JDA_MANUAL);
    }

    /** The builder's event manager, or null for JDA's default. */
    public static IEventManager eventManager(JDABuilder builder) {
        return (IEventManager) read(JDA_EVENT_MANAGER, builder, JDA_MANUAL);
    }

    /** The builder's per-shard RestConfig provider, or null for JDA's default. */
    @SuppressWarnings("unchecked")
    public static IntFunction<? extends RestConfig> restConfigProvider(DefaultShardManagerBuilder builder) {
        return (IntFunction<? extends RestConfig>) read(SHARDS_REST_CONFIG, builder,
                "set them yourself: builder.setRestConfigProvider(shard -> Argus.restConfig(yours))");
    }

    /** The builder's per-shard event manager provider, or null for JDA's default. */
    @SuppressWarnings("unchecked")
    public static IntFunction<? extends IEventManager> eventManagerProvider(DefaultShardManagerBuilder builder) {
        return (IntFunction<? extends IEventManager>) read(SHARDS_EVENT_MANAGER, builder,
                "set them yourself: builder.setRawEventsEnabled(true).setEventManagerProvider("
                        + "shard -> Argus.eventManager(yours(shard)))");
    }

    private static Object read(Field field, Object builder, String manual) {
        if (field == null) {
            throw new IllegalStateException("Argus.instrument cannot read this JDA version's builder settings, "
                    + "so it will not risk replacing them; " + manual);
        }
        try {
            return field.get(builder);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Argus.instrument cannot read the builder's " + field.getName() + "; "
                    + manual, e);
        }
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // reported, with the manual call, when instrument is used
        }
    }
}
