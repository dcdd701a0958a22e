package dev.vellum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.Position;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.worker.Worker;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerError;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/** One indicator per worker: down when failed, out of service when stalled, the reason in the details. */
class WorkersHealthContributorTest {

    @Test
    void eachWorkersStateMapsToAHealthWithItsReason() {
        try (WorkerRegistry registry = WorkerRegistry.open(new InMemoryEventStore(), "n1")) {
            registry.register(new FixedWorker("broken", WorkerState.FAILED, new WorkerError("java.sql.SQLException",
                    "relation \"orders\" does not exist", Position.of(7), Instant.now())));
            registry.register(new FixedWorker("hung", WorkerState.STALLED, null));
            registry.register(new FixedWorker("fine", WorkerState.LIVE, null));
            registry.register(new FixedWorker("elsewhere", WorkerState.STANDBY, null));
            WorkersHealthContributor health = new WorkersHealthContributor(registry);

            assertThat(health.stream().map(e -> e.name())).containsExactly("broken", "elsewhere", "fine", "hung");
            Health broken = health("broken", health);
            assertThat(broken.getStatus()).isEqualTo(Status.DOWN);
            assertThat(broken.getDetails().get("reason").toString()).contains("relation \"orders\" does not exist");
            assertThat(broken.getDetails()).containsEntry("state", "failed").containsEntry("node", "n1");
            assertThat(health("hung", health).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(health("fine", health).getStatus()).isEqualTo(Status.UP);
            assertThat(health("elsewhere", health).getStatus()).isEqualTo(Status.UP);
            assertThat(health.getContributor("unknown")).isNull();
        }
    }

    private static Health health(String name, WorkersHealthContributor contributor) {
        return ((HealthIndicator) contributor.getContributor(name)).health();
    }

    /** A worker whose status is fixed. */
    private record FixedWorker(String name, WorkerState state, WorkerError error) implements Worker {
        @Override
        public WorkerKind kind() {
            return WorkerKind.PROJECTION;
        }

        @Override
        public WorkerStatus status() {
            return new WorkerStatus(name, kind(), state, Position.of(3), Position.of(9), 6, Duration.ofSeconds(2), 0,
                    error, 0, 0, 0, null, null, Instant.now(), null, null);
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
