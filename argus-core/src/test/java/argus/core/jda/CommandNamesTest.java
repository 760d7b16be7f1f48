package argus.core.jda;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Full command names: JDA's {@code getFullCommandName()} format, formed once per subcommand. */
class CommandNamesTest {
    @Test
    void aSubcommandIsNameSpaceSubAndAGroupedOneNameGroupSub() {
        CommandNames names = new CommandNames();

        assertThat(names.of("config", null, "set")).isEqualTo("config set");
        assertThat(names.of("admin", "user", "ban")).isEqualTo("admin user ban");
        assertThat(names.of("admin", null, "ban")).isEqualTo("admin ban"); // not confused with the grouped one
    }

    @Test
    void theSameSubcommandIsTheSameStringInstance_builtOnce() {
        CommandNames names = new CommandNames();
        String first = names.of("config", null, "set");

        // JDA parses new strings for every interaction: equal parts find the one already formed.
        String again = names.of(new String("config"), null, new String("set"));

        assertThat(again).isSameAs(first);
    }

    @Test
    void beyondTheCapNamesAreStillRightButNoLongerHeld() {
        CommandNames names = new CommandNames();
        for (int i = 0; i < CommandNames.CAP; i++) {
            names.of("c" + i, null, "s");
        }

        String a = names.of("late", "g", "s");
        String b = names.of("late", "g", "s");

        assertThat(a).isEqualTo("late g s").isEqualTo(b).isNotSameAs(b);
        assertThat(names.of("c0", null, "s")).isSameAs(names.of("c0", null, "s")); // those held still are
    }
}
