package dev.vellum.projection;

import static dev.vellum.projection.ProjectionFixtures.append;
import static dev.vellum.projection.ProjectionFixtures.awaitCheckpoint;
import static dev.vellum.projection.ProjectionFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.ProjectionFixtures.Recorder;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.store.Position;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.worker.WorkerState;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RebuildTest {

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final ProjectionRunner runner = ProjectionRunner.builder(store).batchSize(100).build();
    private final Recorder v1 = new Recorder();
    private final Recorder v2 = new Recorder();

    @AfterEach
    void close() {
        runner.close();
        store.close();
    }

    private static Projection<ProjectionContext> version(int version, Recorder recorder, boolean keep) {
        return version(version, recorder.handler(), keep);
    }

    private static Projection<ProjectionContext> version(int version, ProjectionHandler<ProjectionContext> handler, boolean keep) {
        Projection.Builder<ProjectionContext> b = Projection.builder("orders").version(version).handler(handler);
        return (keep ? b.keepPreviousVersion() : b).build();
    }

    @Test
    void aNewVersionBuildsBesideTheServingOneAndTakesOverWhenCaughtUp() throws Exception {
        append(store, "Counted", 2_000, 10);
        RunningProjection first = runner.start(version(1, v1, false), checkpoints);
        awaitCheckpoint(first, store.head());

        CountDownLatch rebuilding = new CountDownLatch(1); // holds version 2 back until version 1 was seen serving
        ProjectionHandler<ProjectionContext> recordV2 = v2.handler();
        RunningProjection second = runner.start(version(2, (context, event) -> {
            rebuilding.await();
            recordV2.apply(context, event);
        }, false), checkpoints);
        assertThat(checkpoints.activeVersion("orders")).isEqualTo(OptionalInt.of(1));
        append(store, "Counted", 100, 10); // the serving version follows these while the new one rebuilds
        rebuilding.countDown();
        eventually("version 2 took over", () -> checkpoints.activeVersion("orders").equals(OptionalInt.of(2)));

        eventually("version 1 stopped", () -> first.status().state() == WorkerState.STOPPED);
        eventually("version 1 is dropped", () -> checkpoints.checkpoints(first.id()).isEmpty());
        assertThat(runner.projections()).extracting(RunningProjection::id).containsExactly(second.id());
        Position last = append(store, "Counted", 5, 5);
        awaitCheckpoint(second, last);
        assertThat(v2.positions()).hasSize(2_105).doesNotHaveDuplicates();
        assertThat(v1.positions()).doesNotContain(last.value());
        eventually("version 2 is live", () -> second.status().state() == WorkerState.LIVE);
    }

    @Test
    void aNewVersionStartedAloneServesTheOldReadModelUntilItTakesOver() throws Exception {
        append(store, "Counted", 300, 3);
        RunningProjection first = runner.start(version(1, v1, false), checkpoints);
        awaitCheckpoint(first, store.head());
        first.stop(); // the old code is gone: only version 2 is deployed

        RunningProjection second = runner.start(version(2, v2, true), checkpoints);
        eventually("version 2 took over", () -> checkpoints.activeVersion("orders").equals(OptionalInt.of(2)));
        assertThat(v2.positions()).hasSize(300);
        assertThat(checkpoints.checkpoints(first.id())).as("kept on request").isPresent();
        assertThat(second.status().state()).isIn(WorkerState.LIVE, WorkerState.CATCHING_UP);
    }
}
