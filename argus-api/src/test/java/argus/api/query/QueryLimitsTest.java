package argus.api.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bounds on every analytics input, shared by the HTTP layer and the query implementation. */
class QueryLimitsTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 30, 365, QueryLimits.MAX_DAYS})
    void daysWithinOneToMax_areReturnedUnchanged(int days) {
        assertThat(QueryLimits.days(days)).isEqualTo(days);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, QueryLimits.MAX_DAYS + 1, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void daysOutsideOneToMax_areRejectedNamingTheBounds(int days) {
        assertThatThrownBy(() -> QueryLimits.days(days)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("days").hasMessageContaining("366");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, QueryLimits.MAX_LIMIT})
    void limitWithinOneToMax_isReturnedUnchanged(int limit) {
        assertThat(QueryLimits.limit(limit)).isEqualTo(limit);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5, QueryLimits.MAX_LIMIT + 1, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void limitOutsideOneToMax_isRejectedNamingTheBounds(int limit) {
        assertThatThrownBy(() -> QueryLimits.limit(limit)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit").hasMessageContaining("100");
    }

    @Test
    void defaults_areWithinTheirOwnBounds() {
        assertThat(QueryLimits.days(QueryLimits.DEFAULT_DAYS)).isEqualTo(30);
        assertThat(QueryLimits.limit(QueryLimits.DEFAULT_LIMIT)).isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "eu-1", "us.west_2", "A", "0123456789"})
    void clusterIdOfSafeCharacters_isAccepted(String id) {
        assertThat(QueryLimits.clusterId(id)).isEqualTo(id);
    }

    @Test
    void clusterIdOfSixtyFourCharacters_isAccepted_andSixtyFiveRejected() {
        assertThat(QueryLimits.clusterId("c".repeat(64))).hasSize(64);
        assertThatThrownBy(() -> QueryLimits.clusterId("c".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"eu 1", "eu-1' OR '1'='1", "eu-1; DROP TABLE argus_events", "eu\n1", "eu\u00001",
            "ü", "١", "eu/1", "eu\\1", "`eu`", "%27"})
    void hostileClusterId_isRejected(String id) {
        assertThatThrownBy(() -> QueryLimits.clusterId(id)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster_id");
    }
}
