package dev.vellum.projection;

import static dev.vellum.projection.ProjectionFixtures.append;
import static dev.vellum.projection.ProjectionFixtures.awaitCheckpoint;
import static dev.vellum.projection.ProjectionFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.store.Position;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProjectionStatusTest {

    private final InMemoryEventStore store = new InMemoryEventStore(
            Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC)); // every event an hour old
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final ProjectionRunner runner = ProjectionRunner.builder(store).stallAfter(Duration.ofMillis(300)).build();

    @AfterEach
    void close() {
        runner.close();
        store.close();
    }

    @Test
    void aHangingHandlerShowsAsStalledWithItsLagAndRecoversWhenReleased() throws Exception {
        append(store, "Counted", 10, 2);
        CountDownLatch release = new CountDownLatch(1);
        RunningProjection running = runner.start(Projection.builder("hangs").handler((c, event) -> {
            if (event.position().value() == 4) {
                release.await();
            }
        }).build(), checkpoints);
        eventually("it shows as stalled", () -> running.status().state() == WorkerState.STALLED);

        WorkerStatus stalled = running.status();
        assertThat(stalled.checkpoint()).isEqualTo(Position.START); // the batch holding position 4 is not committed
        assertThat(stalled.head()).isEqualTo(Position.of(10));
        assertThat(stalled.lagEvents()).isEqualTo(10);
        assertThat(stalled.lag()).isGreaterThan(Duration.ofMinutes(59));
        assertThat(stalled.lastHeartbeat()).isBefore(Instant.now());

        release.countDown();
        awaitCheckpoint(running, store.head());
        eventually("it is live again", () -> running.status().state() == WorkerState.LIVE);
        WorkerStatus live = running.status();
        assertThat(live.lagEvents()).isZero();
        assertThat(live.lag()).isEqualTo(Duration.ZERO);
        assertThat(live.parkedEvents()).isZero();
        assertThat(live.lastError()).isNull();
    }

    @Test
    void aStoppedProjectionSaysSoAndKeepsItsCheckpoint() throws Exception {
        append(store, "Counted", 7, 1);
        RunningProjection running = runner.start(Projection.builder("stops").handler((c, e) -> { }).build(), checkpoints);
        awaitCheckpoint(running, store.head());
        running.stop();
        append(store, "Counted", 3, 1);
        WorkerStatus status = running.status();
        assertThat(status.state()).isEqualTo(WorkerState.STOPPED);
        assertThat(status.checkpoint()).isEqualTo(Position.of(7));
        assertThat(status.lagEvents()).isEqualTo(3);
        assertThat(status.name()).isEqualTo("projection.stops.v1");
    }

    @Test
    void closingTheStoreUnderARunningProjectionFailsItVisibly() throws Exception {
        RunningProjection running = runner.start(Projection.builder("orphan").handler((c, e) -> { }).build(), checkpoints);
        store.close();
        eventually("it failed", () -> running.status().state() == WorkerState.FAILED);
        assertThat(running.status().lastError().toString()).contains("closed");
    }
}
