package dev.vellum.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.store.memory.InMemoryEventStore;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One worker whose status throws (registered by hand) blinds nobody to the others, and shows as failed. */
class UnreadableStatusTest {

    @Test
    void aWorkerWhoseStatusThrowsShowsAsFailedWithTheErrorAndTheOthersAsTheyAre() throws Exception {
        try (InMemoryEventStore store = new InMemoryEventStore();
                WorkerRegistry registry = WorkerRegistry.open(store, "node-1");
                ProjectionRunner runner = ProjectionRunner.builder(store).registry(registry).build()) {
            RunningProjection running = runner.start(Projection.builder("quiet").handler((c, e) -> { }).build(),
                    new InMemoryCheckpointStore());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (running.status().state() != WorkerState.LIVE && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            registry.register(new Unreadable());

            assertThat(registry.statuses()).extracting(WorkerStatus::name, WorkerStatus::state)
                    .containsExactly(tuple("broken", WorkerState.FAILED),
                            tuple("projection.quiet.v1", WorkerState.LIVE));
            WorkerStatus broken = registry.status("broken");
            assertThat(broken.kind()).isEqualTo(WorkerKind.REACTOR);
            assertThat(broken.node()).isEqualTo("node-1");
            assertThat(broken.lastError().type()).isEqualTo(IllegalStateException.class.getName());
            assertThat(broken.lastError().message()).isEqualTo("its status could not be read: its source is away");
        }
    }

    /** A worker registered by hand whose status always throws. */
    private static final class Unreadable implements Worker {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public WorkerKind kind() {
            return WorkerKind.REACTOR;
        }

        @Override
        public WorkerStatus status() {
            throw new IllegalStateException("its source is away");
        }

        @Override
        public Set<WorkerControl> controls() {
            return Set.of(WorkerControl.PAUSE, WorkerControl.RESUME);
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }
    }
}
