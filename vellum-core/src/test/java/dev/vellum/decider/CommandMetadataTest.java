package dev.vellum.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.Metadata;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandMetadataTest {

    @Test
    void eventsAreCorrelatedAndCausedByTheCommandWhenNothingElseIsSaid() {
        assertThat(CommandMetadata.of("cmd-1").eventMetadata())
                .isEqualTo(new Metadata("cmd-1", "cmd-1", Map.of(CommandMetadata.COMMAND_HEADER, "cmd-1")));
    }

    @Test
    void givenCorrelationAndCausationIdsFlowIntoTheEvents() {
        Metadata metadata = CommandMetadata.of("cmd-1").withCorrelationId("checkout-7").withCausationId("event-9")
                .eventMetadata();
        assertThat(metadata.correlationId()).isEqualTo("checkout-7");
        assertThat(metadata.causationId()).isEqualTo("event-9");
        assertThat(metadata.header("$command")).isEqualTo("cmd-1");
    }

    @Test
    void randomIdsDiffer() {
        assertThat(CommandMetadata.random().commandId()).isNotEqualTo(CommandMetadata.random().commandId());
    }

    @Test
    void badCommandIdsAreRefused() {
        for (String bad : Arrays.asList(null, "", "  ", "a\u0000b", "x".repeat(CommandMetadata.MAX_ID_LENGTH + 1))) {
            assertThatThrownBy(() -> CommandMetadata.of(bad)).as("id %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("command id");
        }
        assertThat(CommandMetadata.of("x".repeat(CommandMetadata.MAX_ID_LENGTH)).commandId()).hasSize(200);
    }
}
