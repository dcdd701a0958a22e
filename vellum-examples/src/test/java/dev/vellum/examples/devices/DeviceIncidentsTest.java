package dev.vellum.examples.devices;

import static dev.vellum.examples.support.Deployment.await;
import static dev.vellum.examples.support.Deployment.settle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.examples.devices.DeviceEvent.ErrorOccurred;
import dev.vellum.examples.devices.DeviceEvent.ErrorResolved;
import dev.vellum.examples.support.Deployment;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.store.EventStore;
import dev.vellum.store.RecordedEvent;
import dev.vellum.time.ManualClock;
import dev.vellum.timer.TimerState;
import dev.vellum.timer.TimerStore;
import dev.vellum.timer.TimerWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Device errors are reported only if still unresolved 15 minutes after they occurred, on both stores,
 * with a clock the test moves: resolved at minute 14, no report; unresolved at 15, exactly one; a
 * restart at minute 10, still exactly one; a jump of the clock within the report's window, once; an
 * outage past the window's end, the report discarded and none sent.
 */
class DeviceIncidentsTest {

    @TempDir
    static Path root;

    static Stream<String> deployments() {
        return Stream.of("memory", "sqlite");
    }

    private final ManualClock clock = Deployment.clock();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final DeviceIncidents.Partner partner = (incident, device, code, key) -> {
        reports.add(incident + " " + device + " " + code + " " + key);
        return "ack-" + incident;
    };

    private Deployment deployment(String kind, String test) {
        return kind.equals("memory") ? Deployment.inMemory() : Deployment.sqlite(root.resolve(test));
    }

    private DeviceIncidents start(Deployment deployment) {
        return deployment.start(new Deployment.Starter<>() {
            @Override
            public <C extends ProjectionContext, S extends TimerStore & TimerWriter<? super C>> DeviceIncidents start(
                    EventStore store, CheckpointStore<C> checkpoints, S timers) {
                return DeviceIncidents.start(store, checkpoints, timers, partner, clock);
            }
        });
    }

    private void occur(Deployment deployment, DeviceIncidents incidents) throws InterruptedException {
        DeviceIncidents.record(deployment.store(), new ErrorOccurred("inc-1", "pump-7", "E42", clock.instant()));
        caughtUp(deployment, incidents);
        assertThat(incidents.process().pendingTimers()).hasSize(1);
    }

    private static void caughtUp(Deployment deployment, DeviceIncidents incidents) throws InterruptedException {
        assertThat(incidents.process().awaitCheckpoint(deployment.store().head(), Duration.ofSeconds(10))).isTrue();
    }

    private Incident.Status status(DeviceIncidents incidents) {
        return incidents.process().instance("inc-1").state().status();
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void resolvedAtMinute14IsNeverReported(String kind) throws Exception {
        try (Deployment deployment = deployment(kind, "resolved-" + kind);
             DeviceIncidents incidents = start(deployment)) {
            occur(deployment, incidents);
            clock.advance(Duration.ofMinutes(14));
            DeviceIncidents.record(deployment.store(), new ErrorResolved("inc-1", "pump-7", clock.instant()));
            caughtUp(deployment, incidents);

            clock.advance(Duration.ofMinutes(1));
            clock.advance(Duration.ofHours(2));
            settle();

            assertThat(reports).isEmpty();
            assertThat(status(incidents)).isEqualTo(Incident.Status.RESOLVED);
            assertThat(incidents.process().pendingTimers()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void unresolvedAtMinute15IsReportedExactlyOnce(String kind) throws Exception {
        try (Deployment deployment = deployment(kind, "unresolved-" + kind);
             DeviceIncidents incidents = start(deployment)) {
            occur(deployment, incidents);
            clock.advance(Duration.ofMinutes(15).minusSeconds(1));
            settle();
            assertThat(reports).isEmpty();

            clock.advance(Duration.ofSeconds(1));
            await("the partner was told", () -> status(incidents) == Incident.Status.NOTIFIED);
            clock.advance(Duration.ofHours(1));
            settle();

            assertThat(reports).singleElement().asString().startsWith("inc-1 pump-7 E42 partner-report/");
        }
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void aRestartAtMinute10StillReportsExactlyOnce(String kind) throws Exception {
        try (Deployment deployment = deployment(kind, "restart-" + kind)) {
            try (DeviceIncidents incidents = start(deployment)) {
                occur(deployment, incidents);
                clock.advance(Duration.ofMinutes(10));
                settle();
            }
            deployment.restart();
            try (DeviceIncidents incidents = start(deployment)) {
                assertThat(incidents.process().pendingTimers()).hasSize(1);
                clock.advance(Duration.ofMinutes(5));
                await("the partner was told", () -> status(incidents) == Incident.Status.NOTIFIED);
                clock.advance(Duration.ofHours(1));
                settle();
            }
            assertThat(reports).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void aClockJumpWithinTheReportWindowReportsOnce(String kind) throws Exception {
        try (Deployment deployment = deployment(kind, "jump-" + kind);
             DeviceIncidents incidents = start(deployment)) {
            occur(deployment, incidents);
            clock.set(clock.instant().plus(Incident.GRACE).plus(Incident.REPORT_WINDOW));
            await("the partner was told", () -> status(incidents) == Incident.Status.NOTIFIED);
            clock.set(clock.instant().plus(Duration.ofDays(3)));
            settle();

            assertThat(reports).hasSize(1);
            assertThat(incidents.reports().pendingEffects()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void aReportComingDueAfterAnOutagePastItsDeadlineIsDiscardedNotSent(String kind) throws Exception {
        try (Deployment deployment = deployment(kind, "outage-" + kind)) {
            Instant occurred = clock.instant();
            try (DeviceIncidents incidents = start(deployment)) {
                occur(deployment, incidents);
                assertThat(incidents.process().pendingTimers()).singleElement().satisfies(t -> assertThat(t.timer().deadline())
                        .isEqualTo(occurred.plus(Incident.GRACE).plus(Incident.REPORT_WINDOW)));
                clock.advance(Duration.ofMinutes(10));
                settle();
            }
            deployment.restart();
            clock.advance(Duration.ofHours(2)); // down from minute 10 until two hours later
            try (DeviceIncidents incidents = start(deployment)) {
                await("the report was discarded", () -> status(incidents) == Incident.Status.DISCARDED);
                await("the timer recorded as expired", () -> incidents.process().timers("inc-1").getFirst().state()
                        == TimerState.EXPIRED);
                clock.advance(Duration.ofHours(1));
                settle();

                assertThat(reports).isEmpty();
                assertThat(incidents.reports().pendingEffects()).isEmpty();
                List<RecordedEvent> history = deployment.store().readStream(incidents.process().instanceStream("inc-1"));
                assertThat(history).extracting(RecordedEvent::type).containsExactly("IncidentOpened", "ReportDiscarded");
                assertThat(DeviceIncidents.TYPES.deserialize(history.getLast())).isEqualTo(new IncidentEvent.ReportDiscarded(
                        "inc-1", occurred.plus(Incident.GRACE), occurred.plus(Incident.GRACE).plus(Incident.REPORT_WINDOW),
                        occurred.plus(Duration.ofMinutes(10)).plus(Duration.ofHours(2))));
            }
        }
    }
}
