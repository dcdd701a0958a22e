package dev.vellum.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.Position;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gauges follow the statuses at each refresh, and a worker gone drops out. */
class WorkerMetersTest {

    @Test
    void eachRefreshSetsTheGaugesFromTheStatusesNow() {
        List<WorkerStatus> statuses = new ArrayList<>(List.of(status("projection.a.v1", WorkerState.LIVE, 4),
                status("reactor.b", WorkerState.FAILED, 0)));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WorkerMeters meters = new WorkerMeters(() -> List.copyOf(statuses), registry);
        meters.refresh();

        assertThat(registry.get("vellum.worker.lag.events").tag("worker", "projection.a.v1").gauge().value()).isEqualTo(4);
        assertThat(registry.get("vellum.worker.state").tags("worker", "reactor.b", "state", "failed").gauge().value())
                .isEqualTo(1);
        assertThat(registry.get("vellum.worker.state").tags("worker", "reactor.b", "state", "live").gauge().value())
                .isZero();
        assertThat(registry.get("vellum.worker.state").tags("worker", "reactor.b").gauges())
                .hasSize(WorkerState.values().length);

        statuses.remove(1);
        meters.refresh();
        assertThat(registry.find("vellum.worker.state").tag("worker", "reactor.b").gauges()).isEmpty();
        assertThat(registry.find("vellum.worker.state").tag("worker", "projection.a.v1").gauges()).isNotEmpty();
    }

    private static WorkerStatus status(String name, WorkerState state, long lag) {
        return new WorkerStatus(name, name.startsWith("reactor") ? WorkerKind.REACTOR : WorkerKind.PROJECTION, state,
                Position.of(10), Position.of(10 + lag), lag, Duration.ZERO, 0, null, 0, 0, 0, null, null, Instant.now(),
                null, null);
    }
}
