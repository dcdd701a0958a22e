package dev.vellum.jdbc.internal.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.projection.InvalidProjectionException;
import dev.vellum.projection.ProjectionId;
import org.junit.jupiter.api.Test;

/** Read-model table names: which are accepted, and what each projection copy's table is called. */
class SqlNamesTest {

    @Test
    void plainLowerCaseIdentifiersUpToFiftyCharactersAreAccepted() {
        assertThat(SqlNames.check("order_summary")).isEqualTo("order_summary");
        assertThat(SqlNames.check("a" + "b".repeat(49))).hasSize(50);
    }

    @Test
    void otherNamesAreRefusedWithWhatToUse() {
        for (String bad : new String[] {null, "", "Order", "1st", "order-summary", "order summary", "vellum_parked",
                "x".repeat(51), "t; DROP TABLE events"}) {
            assertThatThrownBy(() -> SqlNames.check(bad)).as(String.valueOf(bad))
                    .isInstanceOf(InvalidProjectionException.class)
                    .hasMessageContaining("[a-z][a-z0-9_]*");
        }
    }

    @Test
    void eachVersionAndRebuiltGenerationHasItsOwnTable() {
        ProjectionId v2 = ProjectionId.of("orders", 2);

        assertThat(SqlNames.versioned("order_summary", v2)).isEqualTo("order_summary_v2");
        assertThat(SqlNames.versioned("order_summary", new ProjectionId("orders", 2, 3)))
                .isEqualTo("order_summary_v2_g3");
    }

    @Test
    void namesInBracesBecomeTheCopysTablesAndTheRestIsLeftAlone() {
        ProjectionId id = new ProjectionId("orders", 7, 2);

        assertThat(SqlNames.resolve("INSERT INTO {order_summary} SELECT * FROM {lines} WHERE x = '$1'", id))
                .isEqualTo("INSERT INTO order_summary_v7_g2 SELECT * FROM lines_v7_g2 WHERE x = '$1'");
        assertThat(SqlNames.resolve("SELECT 1", id)).isEqualTo("SELECT 1");
        assertThat(SqlNames.resolve("SELECT '{Not_A_Name}'", id)).isEqualTo("SELECT '{Not_A_Name}'");
    }

    @Test
    void aNameInBracesIsCheckedLikeAPlainOne() {
        assertThatThrownBy(() -> SqlNames.resolve("DELETE FROM {vellum_checkpoints}", ProjectionId.of("orders", 1)))
                .isInstanceOf(InvalidProjectionException.class);
    }
}
