package argus.api.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A guild id reaches a query only as 1 to 20 ASCII digits; everything else is refused up front. */
class GuildIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "81384788765712384", "1234567890123456789", "12345678901234567890"})
    void snowflakesOfOneToTwentyDigits_areAccepted(String raw) {
        assertThat(GuildId.isValid(raw)).isTrue();
        assertThat(GuildId.parse(raw).value()).isEqualTo(raw);
        assertThat(GuildId.parse(raw)).hasToString(raw);
    }

    @Test
    void twentyOneDigits_areRejected() {
        String raw = "123456789012345678901";

        assertThat(GuildId.isValid(raw)).isFalse();
        assertThatThrownBy(() -> GuildId.parse(raw)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 20 decimal digits");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void nullAndEmpty_areRejected(String raw) {
        assertThat(GuildId.isValid(raw)).isFalse();
        assertThatThrownBy(() -> GuildId.parse(raw)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1 OR 1=1", "1' OR '1'='1", "1; DROP TABLE argus_events; --", "1)--", "1/*", "1\\", "'", "\"1\"",
            "1%00", "1\u0000", "1\n", "\n1", " 1", "1 ", "1\t",
            "-1", "+1", "1e5", "0x1F", "1.0", "1_000", "1,000",
            "١٢٣", "١", "１２３", "१२३", "𝟏𝟐𝟑", "½", "²",
            "abc", "{guild}", "${jndi:ldap://x}"})
    void hostileInput_isRejected(String raw) {
        assertThat(GuildId.isValid(raw)).as("'%s'", raw).isFalse();
        assertThatThrownBy(() -> GuildId.parse(raw)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectionMessage_doesNotEchoTheInput() {
        String hostile = "1'; DROP TABLE argus_events; --\r\nforged";

        assertThatThrownBy(() -> GuildId.parse(hostile)).message().doesNotContain("DROP").doesNotContain("\n");
    }
}
