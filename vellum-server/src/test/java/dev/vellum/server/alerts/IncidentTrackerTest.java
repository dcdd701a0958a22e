package dev.vellum.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.Position;
import dev.vellum.worker.WorkerError;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The incidents the tracker opens and resolves from statuses alone. */
class IncidentTrackerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final WorkerError BOOM = new WorkerError("java.lang.IllegalStateException", "boom", Position.of(7),
            T0.minusSeconds(30));

    private final IncidentTracker tracker = new IncidentTracker(Duration.ofMinutes(1));

    @Test
    void aFailedWorkerThatIsStoppedStaysOpenAndIsResolvedWhenItRunsAgain() {
        List<Alert> opened = tracker.look(List.of(status(WorkerState.FAILED, 0, 0)), T0);
        assertThat(opened).singleElement().satisfies(a -> {
            assertThat(a.phase()).isEqualTo(Alert.Phase.OPENED);
            assertThat(a.incident().kind()).isEqualTo(IncidentKind.FAILED);
            assertThat(a.incident().since()).as("since the error").isEqualTo(BOOM.at());
            assertThat(a.incident().lastError()).isEqualTo(BOOM);
        });
        assertThat(tracker.look(List.of(status(WorkerState.FAILED, 0, 0)), T0.plusSeconds(1))).isEmpty();
        assertThat(tracker.look(List.of(status(WorkerState.STOPPED, 0, 0)), T0.plusSeconds(2))).isEmpty();
        assertThat(tracker.open()).hasSize(1);

        List<Alert> resolved = tracker.look(List.of(status(WorkerState.LIVE, 0, 0)), T0.plusSeconds(3));
        assertThat(resolved).singleElement().satisfies(a -> {
            assertThat(a.phase()).isEqualTo(Alert.Phase.RESOLVED);
            assertThat(a.incident().id()).isEqualTo(opened.getFirst().incident().id());
            assertThat(a.incident().state()).isEqualTo(WorkerState.LIVE);
        });
        assertThat(tracker.open()).isEmpty();
        assertThat(tracker.resolved()).as("kept for the API").containsExactly(resolved.getFirst());
    }

    @Test
    void theLastHundredResolvedIncidentsAreKeptNewestFirst() {
        for (int i = 0; i < IncidentTracker.RESOLVED_KEPT + 5; i++) {
            tracker.look(List.of(status(WorkerState.FAILED, 0, 0)), T0.plusSeconds(2L * i));
            tracker.look(List.of(status(WorkerState.LIVE, 0, 0)), T0.plusSeconds(2L * i + 1));
        }
        List<Alert> kept = tracker.resolved();
        assertThat(kept).hasSize(IncidentTracker.RESOLVED_KEPT).allMatch(a -> a.phase() == Alert.Phase.RESOLVED);
        assertThat(kept.getFirst().at()).isEqualTo(T0.plusSeconds(2L * (IncidentTracker.RESOLVED_KEPT + 4) + 1));
        assertThat(kept.getLast().at()).isEqualTo(T0.plusSeconds(2L * 5 + 1));
    }

    @Test
    void aWorkerOnStandbyIsAnotherNodesToTell() {
        assertThat(tracker.look(List.of(status(WorkerState.STANDBY, 3, 2)), T0)).isEmpty();
        assertThat(tracker.look(List.of(status(WorkerState.STANDBY, 3, 2)), T0.plus(Duration.ofHours(1)))).isEmpty();
        assertThat(tracker.open()).isEmpty();
    }

    @Test
    void oneWorkerCanHaveIncidentsOfSeveralKindsAtOnceEachResolvedOnItsOwn() {
        assertThat(tracker.look(List.of(status(WorkerState.LIVE, 2, 1)), T0)).extracting(a -> a.incident().kind())
                .containsExactly(IncidentKind.PARKED);
        assertThat(tracker.look(List.of(status(WorkerState.STALLED, 2, 1)), T0.plus(Duration.ofMinutes(2))))
                .extracting(a -> a.incident().kind()).containsExactly(IncidentKind.STALLED, IncidentKind.TIMER_OVERDUE);
        assertThat(tracker.look(List.of(status(WorkerState.LIVE, 0, 1)), T0.plus(Duration.ofMinutes(3))))
                .extracting(a -> a.phase() + " " + a.incident().kind())
                .containsExactly("RESOLVED STALLED", "RESOLVED PARKED");
        assertThat(tracker.open()).extracting(i -> i.kind()).containsExactly(IncidentKind.TIMER_OVERDUE);
        assertThat(tracker.open().getFirst().since()).isEqualTo(T0);
    }

    private static WorkerStatus status(WorkerState state, long parked, long due) {
        return new WorkerStatus("projection.orders.v1", WorkerKind.PROJECTION, state, Position.of(6), Position.of(9), 3,
                Duration.ZERO, 0, BOOM, parked, 0, due, "node-1", null, T0, null, null);
    }
}
