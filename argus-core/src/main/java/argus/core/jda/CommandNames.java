package argus.core.jda;

import net.dv8tion.jda.api.events.interaction.GenericInteractionCreateEvent;
import net.dv8tion.jda.api.events.interaction.command.GenericCommandInteractionEvent;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application command's full name, as JDA's {@code getFullCommandName()} forms it: {@code name},
 * {@code name sub} or {@code name group sub}. It is the {@code command} label and analytics column, the
 * name argus-dpy writes too (discord.py's {@code qualified_name}), so one subcommand is one command in a
 * fleet that mixes both tools.
 *
 * <p>On the hot path: a command without a subcommand (the common case) costs two field reads and no
 * allocation. JDA's own {@code getFullCommandName()} would build a {@code StringBuilder} and a new string
 * on every interaction, so the full names of subcommands are formed once and then found again by their
 * parts (three map lookups on the strings JDA already parsed, no allocation). Distinct full names held are
 * bounded by {@link #CAP}; beyond it a name is built per interaction, as JDA would (the label cap bounds
 * the series either way).
 */
final class CommandNames {
    /** Distinct subcommand full names held (Discord allows 25 groups of 25 subcommands per command). */
    static final int CAP = 1024;
    /** Key of the group level when a subcommand has no group. */
    private static final String NO_GROUP = "";

    /** name → group (or {@link #NO_GROUP}) → subcommand → full name. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, ConcurrentHashMap<String, String>>> full =
            new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    /** The full command name of an application command, else "" (components, modals, autocomplete). */
    String of(GenericInteractionCreateEvent event) {
        if (!(event instanceof GenericCommandInteractionEvent c)) {
            return "";
        }
        String name = c.getName();
        String sub = c.getSubcommandName(); // a field read in JDA; null for context menus and plain commands
        if (sub == null) {
            return name; // Discord has no group without a subcommand
        }
        return of(name, c.getSubcommandGroup(), sub);
    }

    /** {@code name [group] sub}, the same string for the same parts (so per-command caches hit by hash). */
    String of(String name, String group, String sub) {
        String g = group == null ? NO_GROUP : group;
        ConcurrentHashMap<String, ConcurrentHashMap<String, String>> groups = full.get(name);
        ConcurrentHashMap<String, String> subs = groups == null ? null : groups.get(g);
        String known = subs == null ? null : subs.get(sub);
        if (known != null) {
            return known;
        }
        return add(name, g, sub);
    }

    private String add(String name, String group, String sub) {
        String built = group.isEmpty() ? name + ' ' + sub : name + ' ' + group + ' ' + sub;
        if (size.get() >= CAP) {
            return built;
        }
        String raced = full.computeIfAbsent(name, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(group, k -> new ConcurrentHashMap<>())
                .putIfAbsent(sub, built);
        if (raced != null) {
            return raced;
        }
        size.incrementAndGet(); // may overshoot CAP by the number of racing threads: still bounded
        return built;
    }
}
