package argus.core.registry;

import argus.api.metrics.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Invariant 2 (docs/ARCHITECTURE.md §2), label names: no guild, user, channel or other id is ever a metric label.
 * Id-like names are refused when the metric is defined, whatever kind of metric it is.
 */
class LabelNamePolicyTest {
    private static final double[] BUCKETS = {0.1, 1};

    private final MetricRegistry registry = new MetricRegistry(200);

    @ParameterizedTest
    @ValueSource(strings = {"guild_id", "user_id", "channel_id", "member", "message_id", "interaction_id", "id",
            "snowflake", "token", "author_id", "thread_id", "webhook", "role_id",
            "guild", "user", "channel", "member_id", "webhook_id", "ids", "uuid", "user_ids", "bot_token",
            "guildId", "userId", "channelID", "GUILD_ID", "ID", "Snowflake", "target_user", "voice_channel",
            "message", "thread", "role", "author"})
    void idLikeLabelName_isRefusedAtCounterDefinition_pointingToTheAnalyticsPath(String label) {
        assertThatThrownBy(() -> registry.counter("discord_things", "Things", label))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + label + "'")
                .hasMessageContaining("invariant 2")
                .hasMessageContaining("analytics path")
                .hasMessageContaining("enable_per_guild");
    }

    @Test
    void idLikeLabelName_isRefusedForHistograms() {
        assertThatThrownBy(() -> registry.histogram("discord_latency_seconds", "Latency", "seconds", BUCKETS,
                "command", "guild_id")).hasMessageContaining("analytics path");
    }

    @Test
    void idLikeLabelName_isRefusedForGauges() {
        assertThatThrownBy(() -> registry.gauge("discord_members", "Members", "", List.of("guild_id"), out -> { }))
                .hasMessageContaining("analytics path");
    }

    @Test
    void idLikeLabelName_isRefusedForCallbackCounters() {
        assertThatThrownBy(() -> registry.counterCallback("discord_msgs", "Messages", List.of("channel_id"), out -> { }))
                .hasMessageContaining("analytics path");
    }

    @Test
    void idLikeLabelName_isRefusedForInfoMetrics() {
        assertThatThrownBy(() -> registry.info("discord_bot", "Bot", Labels.of("user_id", "1")))
                .hasMessageContaining("analytics path");
    }

    @Test
    void idLikeLabelName_isRefusedAsAConstantLabel() {
        assertThatThrownBy(() -> new MetricRegistry(200, Labels.of("guild_id", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("analytics path");
    }

    @Test
    void refusedDefinition_registersNothing() {
        assertThatThrownBy(() -> registry.counter("discord_things", "Things", "user_id"));

        assertThat(registry.snapshot().family("discord_things")).isNull();
        assertThatCode(() -> registry.counter("discord_things", "Things", "type")).doesNotThrowAnyException();
    }

    /** The labels the README documents must stay definable: the policy may not refuse bounded names. */
    @ParameterizedTest
    @ValueSource(strings = {"type", "status", "command", "outcome", "error_type", "event", "method", "route", "scope",
            "shard", "jda_version", "argus_version", "subsystem", "hook", "metric", "reason", "valid", "paid"})
    void boundedLabelName_isAccepted(String label) {
        assertThatCode(() -> registry.counter("discord_ok", "Ok", label)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1type", "with-dash", "with space", "a.b", "é", "__reserved", "le", "quantile"})
    void malformedOrReservedLabelName_isRefused(String label) {
        assertThatThrownBy(() -> registry.counter("discord_x", "X", label)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + label + "'");
    }

    @Test
    void repeatedLabelName_isRefused() {
        assertThatThrownBy(() -> registry.counter("discord_x", "X", "type", "type"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeats");
    }
}
