package dev.vellum.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.Position;
import dev.vellum.worker.PartitionLag;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gauges and counters follow the statuses at each refresh, and a worker gone drops out. */
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

    @Test
    void anInboxHasALagGaugePerPartitionItHoldsAndDropsThePartitionsItGaveUp() {
        List<WorkerStatus> statuses = new ArrayList<>(List.of(inbox(List.of(new PartitionLag("devices", 0, 40, 45, false),
                new PartitionLag("devices", 1, 7, 7, false)))));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WorkerMeters meters = new WorkerMeters(() -> List.copyOf(statuses), registry);
        meters.refresh();

        assertThat(registry.get("vellum.inbox.partition.lag").tags("worker", "inbox.devices", "topic", "devices",
                "partition", "0").gauge().value()).isEqualTo(5);
        assertThat(registry.get("vellum.inbox.partition.lag").tags("partition", "1").gauge().value()).isZero();

        statuses.set(0, inbox(List.of(new PartitionLag("devices", 1, 7, 9, false))));
        meters.refresh();
        assertThat(registry.find("vellum.inbox.partition.lag").tags("partition", "0").gauges()).isEmpty();
        assertThat(registry.get("vellum.inbox.partition.lag").tags("partition", "1").gauge().value()).isEqualTo(2);
    }

    @Test
    void theExpiredTimersOfATimerFiringWorkerAreACounterThatFollowsItsStatus() {
        List<WorkerStatus> statuses = new ArrayList<>(List.of(status("timers.devices", WorkerState.LIVE, 0)
                .withExpiredTimers(2), status("projection.a.v1", WorkerState.LIVE, 0)));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WorkerMeters meters = new WorkerMeters(() -> List.copyOf(statuses), registry);
        meters.refresh();
        assertThat(registry.get("vellum.timers.expired").tags("worker", "timers.devices", "kind", "timer_scheduler")
                .functionCounter().count()).isEqualTo(2);
        assertThat(registry.find("vellum.timers.expired").tag("worker", "projection.a.v1").meters())
                .as("a projection fires no timers").isEmpty();

        statuses.set(0, statuses.get(0).withExpiredTimers(5));
        meters.refresh();
        assertThat(registry.get("vellum.timers.expired").tag("worker", "timers.devices").functionCounter().count())
                .isEqualTo(5);

        statuses.remove(0);
        meters.refresh();
        assertThat(registry.find("vellum.timers.expired").meters()).isEmpty();
    }

    private static WorkerStatus inbox(List<PartitionLag> partitions) {
        return new WorkerStatus("inbox.devices", WorkerKind.INBOX, WorkerState.CATCHING_UP, Position.START,
                Position.START, partitions.stream().mapToLong(PartitionLag::lag).sum(), Duration.ZERO, 0, null, 0, 0, 0,
                null, null, Instant.now(), null, null, null, 0, partitions);
    }

    private static WorkerStatus status(String name, WorkerState state, long lag) {
        WorkerKind kind = name.startsWith("reactor") ? WorkerKind.REACTOR
                : name.startsWith("timers") ? WorkerKind.TIMER_SCHEDULER : WorkerKind.PROJECTION;
        return new WorkerStatus(name, kind, state,
                Position.of(10), Position.of(10 + lag), lag, Duration.ZERO, 0, null, 0, 0, 0, null, null, Instant.now(),
                null, null);
    }
}
