package dev.vellum.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.ErrorPolicy;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.retry.Retries;
import dev.vellum.server.alerts.AlertReceiver.Received;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.time.Backoff;
import dev.vellum.worker.Worker;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Alerts about real projections, delivered to a signed webhook receiver on loopback. */
class AlertsTest {

    static final Duration TICK = Duration.ofMillis(20);

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final WorkerRegistry registry = WorkerRegistry.open(store, "node-1");
    private final ProjectionRunner runner = ProjectionRunner.builder(store).registry(registry)
            .stallAfter(Duration.ofMillis(300)).build();
    private volatile boolean broken = true;

    @AfterEach
    void close() {
        runner.close();
        registry.close();
        store.close();
    }

    @Test
    void aFailedProjectionGivesOneSignedAlertAndOneResolvedWhenItRunsAgain() throws Exception {
        try (AlertReceiver receiver = new AlertReceiver(0); Alerts alerts = webhookAlerts(receiver, 3)) {
            RunningProjection running = start("fails", new Retries(2, new Backoff(Duration.ofMillis(10), Duration.ofSeconds(5))), ErrorPolicy.STOP);
            append("Bad");
            eventually("an alert arrived", () -> receiver.of("FAILED").size() == 1);
            Received opened = receiver.of("FAILED").getFirst();
            assertThat(opened.signed()).isTrue();
            assertThat(opened.phase()).isEqualTo("opened");
            assertThat(opened.body().get("worker").asText()).isEqualTo("projection.fails.v1");
            assertThat(opened.body().get("kind").asText()).isEqualTo("PROJECTION");
            assertThat(opened.body().get("state").asText()).isEqualTo("FAILED");
            assertThat(opened.body().get("lastError").get("message").asText()).contains("broken on purpose");
            assertThat(opened.body().get("since").asText()).isNotBlank();
            assertThat(opened.idempotencyKey()).isEqualTo(opened.id() + ":opened");
            assertThat(alerts.openIncidents()).extracting(Incident::kind).containsExactly(IncidentKind.FAILED);

            broken = false;
            running.resume();
            eventually("a resolved alert arrived", () -> receiver.of("FAILED").size() == 2);
            Received resolved = receiver.of("FAILED").get(1);
            assertThat(resolved.phase()).isEqualTo("resolved");
            assertThat(resolved.id()).isEqualTo(opened.id());
            assertThat(resolved.signed()).isTrue();
            assertThat(alerts.openIncidents()).isEmpty();

            Position head = append("Good");
            assertThat(running.awaitCheckpoint(head, Duration.ofSeconds(20))).isTrue();
            Thread.sleep(TICK.multipliedBy(10).toMillis());
            assertThat(receiver.accepted).hasSize(2);
        }
    }

    @Test
    void aHangingHandlerGivesOneStalledAlertNotOnePerTickAndOneResolvedWhenReleased() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (AlertReceiver receiver = new AlertReceiver(0); Alerts alerts = webhookAlerts(receiver, 3)) {
            RunningProjection running = runner.start(Projection.builder("hangs").handler((c, event) -> {
                if (event.type().equals("Hang")) {
                    release.await();
                }
            }).build(), new InMemoryCheckpointStore());
            append("Hang");
            eventually("a stalled alert arrived", () -> receiver.of("STALLED").size() == 1);
            Thread.sleep(TICK.multipliedBy(15).toMillis()); // many looks while it stays stalled
            assertThat(running.status().state()).isEqualTo(WorkerState.STALLED);
            assertThat(receiver.of("STALLED")).hasSize(1);
            assertThat(receiver.of("STALLED").getFirst().signed()).isTrue();

            release.countDown();
            eventually("a resolved alert arrived", () -> receiver.of("STALLED").size() == 2);
            assertThat(receiver.of("STALLED").get(1).phase()).isEqualTo("resolved");
            assertThat(receiver.of("STALLED").get(1).id()).isEqualTo(receiver.of("STALLED").getFirst().id());
            assertThat(alerts.openIncidents()).isEmpty();
        }
    }

    @Test
    void aParkedEventGivesOneAlertAndOneResolvedOnceRetried() throws Exception {
        try (AlertReceiver receiver = new AlertReceiver(0); Alerts alerts = webhookAlerts(receiver, 3)) {
            RunningProjection running = start("parks", new Retries(2, new Backoff(Duration.ofMillis(10), Duration.ofSeconds(5))), ErrorPolicy.PARK);
            Position bad = append("Bad");
            Position head = append("Good");
            assertThat(running.awaitCheckpoint(head, Duration.ofSeconds(20))).isTrue();
            eventually("a parked alert arrived", () -> receiver.of("PARKED").size() == 1);
            assertThat(receiver.of("PARKED").getFirst().body().get("detail").asText()).isEqualTo("1 parked event");
            assertThat(alerts.openIncidents()).extracting(Incident::kind).containsExactly(IncidentKind.PARKED);
            append("Bad"); // a second parked event is the same incident
            eventually("two are parked", () -> running.status().parkedEvents() == 2);
            Thread.sleep(TICK.multipliedBy(10).toMillis());
            assertThat(receiver.of("PARKED")).hasSize(1);

            broken = false;
            running.retryParked(bad);
            running.skipParked(Position.of(bad.value() + 2));
            eventually("a resolved alert arrived", () -> receiver.of("PARKED").size() == 2);
            assertThat(receiver.of("PARKED").get(1).phase()).isEqualTo("resolved");
            assertThat(receiver.accepted).extracting(Received::incident).containsOnly("PARKED");
        }
    }

    @Test
    void aReceiverThatFailsFirstGetsEachAlertOnceAfterRetries() throws Exception {
        try (AlertReceiver receiver = new AlertReceiver(2); Alerts alerts = webhookAlerts(receiver, 5)) {
            start("fails", Retries.none(), ErrorPolicy.STOP);
            append("Bad");
            eventually("the alert got through", () -> receiver.accepted.size() == 1);
            Thread.sleep(TICK.multipliedBy(10).toMillis());
            assertThat(receiver.requests.get()).isEqualTo(3);
            assertThat(receiver.accepted).hasSize(1);
            assertThat(receiver.accepted.getFirst().phase()).isEqualTo("opened");
        }
    }

    @Test
    void aReceiverDownForGoodOrANotifierThatHangsLeavesTheWorkersAndTheOtherNotifiersAlone() throws Exception {
        AlertReceiver gone = new AlertReceiver(0);
        gone.close();
        CountDownLatch never = new CountDownLatch(1);
        List<Alert> recorded = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Alerts alerts = Alerts.builder(registry).every(TICK)
                .notifier(WebhookNotifier.builder(gone.uri(), AlertReceiver.SECRET)
                        .retries(new Retries(3, new Backoff(Duration.ofMillis(10), Duration.ofMillis(40)))).build())
                .notifier(alert -> never.await())
                .notifier(recorded::add)
                .start()) {
            RunningProjection failing = start("fails", Retries.none(), ErrorPolicy.STOP);
            RunningProjection healthy = runner.start(Projection.builder("healthy").handler((c, e) -> { }).build(),
                    new InMemoryCheckpointStore());
            append("Bad");
            eventually("the failure was told", () -> !recorded.isEmpty());
            Position head = null;
            for (int i = 0; i < 200; i++) {
                head = append("Good");
            }
            assertThat(healthy.awaitCheckpoint(head, Duration.ofSeconds(20))).isTrue();
            broken = false;
            failing.resume();
            assertThat(failing.awaitCheckpoint(head, Duration.ofSeconds(20))).isTrue();
            eventually("the recovery was told", () -> recorded.size() == 2);
            assertThat(recorded).extracting(Alert::phase).containsExactly(Alert.Phase.OPENED, Alert.Phase.RESOLVED);
            assertThat(healthy.status().state()).isEqualTo(WorkerState.LIVE);
        }
    }

    private Alerts webhookAlerts(AlertReceiver receiver, int attempts) {
        return Alerts.builder(registry).every(TICK)
                .notifier(WebhookNotifier.builder(receiver.uri(), AlertReceiver.SECRET)
                        .retries(new Retries(attempts, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)))).build())
                .start();
    }

    /** A projection that throws on "Bad" events while {@link #broken}. */
    private RunningProjection start(String name, Retries retries, ErrorPolicy policy) {
        return runner.start(Projection.builder(name).handler((c, event) -> {
            if (broken && event.type().equals("Bad")) {
                throw new IllegalStateException("broken on purpose");
            }
        }).retries(retries).errorPolicy(policy).build(), new InMemoryCheckpointStore());
    }

    /**
     * A status that throws an Error once (the heap exhausted for a moment) does not end the looking: a
     * scheduled task that throws is never run again, and no alert would ever go out after it.
     */
    @Test
    void aStatusThatThrowsAnErrorOnceEndsNotTheLooking() throws Exception {
        List<Alert> sent = new CopyOnWriteArrayList<>();
        AtomicInteger asked = new AtomicInteger();
        registry.register(new FailedAfterAnError(asked));
        try (Alerts alerts = Alerts.builder(registry).notifier(sent::add).every(TICK).start()) {
            eventually("an alert arrived after the look that failed", () -> !sent.isEmpty());
        }
        assertThat(asked).hasValueGreaterThan(1);
        assertThat(sent.getFirst().incident().worker()).isEqualTo("custom.flaky");
    }

    /** A worker in state FAILED whose first status throws an {@link OutOfMemoryError}. */
    private record FailedAfterAnError(AtomicInteger asked) implements Worker {
        @Override
        public String name() {
            return "custom.flaky";
        }

        @Override
        public WorkerKind kind() {
            return WorkerKind.TIMER_SCHEDULER;
        }

        @Override
        public WorkerStatus status() {
            if (asked.getAndIncrement() == 0) {
                throw new OutOfMemoryError("the heap exhausted for a moment (a test's fault)");
            }
            return new WorkerStatus(name(), kind(), WorkerState.FAILED, Position.START, Position.START, 0, Duration.ZERO,
                    0, null, 0, 0, 0, null, null, Instant.now(), null, null);
        }

        @Override
        public Set<WorkerControl> controls() {
            return Set.of();
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }
    }

    private Position append(String type) {
        return store.append(StreamId.of("item-1"), ExpectedRevision.any(), EventData.of(type, "{}")).position();
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
