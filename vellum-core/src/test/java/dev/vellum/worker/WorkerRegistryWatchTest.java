package dev.vellum.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.store.memory.InMemoryEventStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** A watch on a registry tells each change of a worker's state once: registered, paused, resumed. */
class WorkerRegistryWatchTest {

    @Test
    void aWatchTellsEachStateChangeOnce() throws Exception {
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        try (InMemoryEventStore store = new InMemoryEventStore();
                WorkerRegistry registry = WorkerRegistry.open(store, "node-1");
                ProjectionRunner runner = ProjectionRunner.builder(store).registry(registry).build()) {
            RunningProjection running = runner.start(Projection.builder("quiet").handler((c, e) -> { }).build(),
                    new InMemoryCheckpointStore());
            await(() -> running.status().state() == WorkerState.LIVE);
            try (AutoCloseable watching = registry.watch(Duration.ofMillis(10), changes::add)) {
                await(() -> changes.size() == 1);
                running.pause();
                await(() -> changes.size() == 2);
                running.resume();
                await(() -> changes.getLast().to() == WorkerState.LIVE);
            }
        }
        assertThat(changes).extracting(StateChange::worker).containsOnly("projection.quiet.v1");
        assertThat(changes.subList(0, 2)).extracting(StateChange::from, StateChange::to)
                .containsExactly(tuple(null, WorkerState.LIVE), tuple(WorkerState.LIVE, WorkerState.PAUSED));
        for (int i = 1; i < changes.size(); i++) {
            assertThat(changes.get(i).from()).as("each change follows the one before").isEqualTo(changes.get(i - 1).to());
            assertThat(changes.get(i).to()).isNotEqualTo(changes.get(i).from());
        }
        assertThat(changes.get(1).status().node()).isEqualTo("node-1");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out");
            }
            Thread.sleep(5);
        }
    }
}
