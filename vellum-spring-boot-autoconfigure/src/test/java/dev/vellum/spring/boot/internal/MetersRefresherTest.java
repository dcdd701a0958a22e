package dev.vellum.spring.boot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.metrics.WorkerMeters;
import dev.vellum.store.Position;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The gauges' refresh goes on after a refresh that threw, even an Error: a scheduled task that throws is never run again. */
class MetersRefresherTest {

    @Test
    void aRefreshThatThrowsAnErrorOnceEndsNotTheRefreshing() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        WorkerStatus live = new WorkerStatus("custom.flaky", WorkerKind.TIMER_SCHEDULER, WorkerState.LIVE, Position.START,
                Position.START, 0, Duration.ZERO, 0, null, 0, 0, 0, "node-1", null, Instant.now(), null, null);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        WorkerMeters gauges = new WorkerMeters(() -> {
            if (asked.getAndIncrement() == 0) {
                throw new OutOfMemoryError("the heap exhausted for a moment (a test's fault)");
            }
            return List.of(live);
        }, meters);
        MetersRefresher refresher = new MetersRefresher(gauges, Duration.ofMillis(10));
        refresher.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (meters.find("vellum.worker.state").tag("worker", "custom.flaky").gauges().isEmpty()) {
                assertThat(System.nanoTime()).as("the gauges set after the refresh that failed").isLessThan(deadline);
                Thread.sleep(10);
            }
        } finally {
            refresher.stop();
        }
        assertThat(asked).hasValueGreaterThan(1);
    }
}
