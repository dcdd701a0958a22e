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
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A watch on a registry tells each change of a worker's state once: registered, paused, resumed; a status that
 * throws is looked at again.
 */
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

    /** A status that throws once (a worker registered by hand, its source away a moment) ends nothing. */
    @Test
    void aStatusThatFailsOnceIsLookedAtAgainAndTheWatchGoesOn() throws Exception {
        List<StateChange> changes = new CopyOnWriteArrayList<>();
        try (InMemoryEventStore store = new InMemoryEventStore();
                WorkerRegistry registry = WorkerRegistry.open(store, "node-1");
                ProjectionRunner runner = ProjectionRunner.builder(store).build()) {
            RunningProjection running = runner.start(Projection.builder("quiet").handler((c, e) -> { }).build(),
                    new InMemoryCheckpointStore());
            await(() -> running.status().state() == WorkerState.LIVE);
            AtomicInteger asked = new AtomicInteger();
            registry.register(new FailingFirst(running, asked));
            try (AutoCloseable watching = registry.watch(Duration.ofMillis(10), changes::add)) {
                await(() -> changes.size() == 1);
                running.pause();
                await(() -> changes.size() == 2);
            }
            assertThat(asked).hasValueGreaterThan(2);
        }
        assertThat(changes).extracting(StateChange::from, StateChange::to)
                .containsExactly(tuple(null, WorkerState.LIVE), tuple(WorkerState.LIVE, WorkerState.PAUSED));
    }

    /** {@code worker}, whose first status fails. */
    private record FailingFirst(Worker worker, AtomicInteger asked) implements Worker {
        @Override
        public String name() {
            return worker.name();
        }

        @Override
        public WorkerKind kind() {
            return worker.kind();
        }

        @Override
        public WorkerStatus status() {
            if (asked.getAndIncrement() == 0) {
                throw new IllegalStateException("the status could not be read this once (a test's fault)");
            }
            return worker.status();
        }

        @Override
        public Set<WorkerControl> controls() {
            return worker.controls();
        }

        @Override
        public void pause() {
            worker.pause();
        }

        @Override
        public void resume() {
            worker.resume();
        }
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
