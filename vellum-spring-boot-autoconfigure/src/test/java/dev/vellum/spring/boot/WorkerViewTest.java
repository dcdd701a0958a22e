package dev.vellum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.Position;
import dev.vellum.worker.PartitionLag;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerViewTest {

    private static WorkerStatus status(WorkerKind kind, long expiredTimers, List<PartitionLag> partitions) {
        return new WorkerStatus("w", kind, WorkerState.LIVE, Position.START, Position.START, 7, Duration.ZERO, 0,
                null, 0, 0, 0, null, null, Instant.EPOCH, null, null, null, expiredTimers, partitions);
    }

    @Test
    void anInboxShowsEachPartitionsOffsetsAndLag() {
        Map<String, Object> view = WorkerView.of(status(WorkerKind.INBOX, 0,
                List.of(new PartitionLag("devices", 0, 10, 15, false), new PartitionLag("devices", 2, 4, 6, true))));

        assertThat(view.get("partitions")).asList().containsExactly(
                Map.of("topic", "devices", "partition", 0, "committed", 10L, "end", 15L, "lag", 5L, "stopped", false),
                Map.of("topic", "devices", "partition", 2, "committed", 4L, "end", 6L, "lag", 2L, "stopped", true));
        assertThat(view).doesNotContainKey("expiredTimers");
    }

    @Test
    void aTimerSchedulerShowsItsExpiredTimersAndNoPartitions() {
        Map<String, Object> view = WorkerView.of(status(WorkerKind.TIMER_SCHEDULER, 3, List.of()));

        assertThat(view).containsEntry("expiredTimers", 3L).doesNotContainKey("partitions");
    }
}
