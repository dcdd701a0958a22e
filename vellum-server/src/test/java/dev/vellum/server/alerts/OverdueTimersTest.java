package dev.vellum.server.alerts;

import static dev.vellum.server.alerts.AlertsTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.retry.Retries;
import dev.vellum.server.alerts.AlertReceiver.Received;
import dev.vellum.store.Position;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.time.Backoff;
import dev.vellum.time.ManualClock;
import dev.vellum.worker.Worker;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Timers overdue, measured on a {@link ManualClock}. A timer scheduler counts its due timers only
 * between batches, so a real one cannot be held with timers due at will; the worker here is registered
 * by hand, as any worker may be, with the count a test sets.
 */
class OverdueTimersTest {

    /** Long enough for the alerts, looking every tick, to have looked at least once. */
    private static final Duration SEEN = Duration.ofMillis(500);

    /** A timer scheduler as the registry sees it, with as many due timers as the test says. */
    private static final class Timers implements Worker {
        volatile long due;

        @Override
        public String name() {
            return "timers.reminders";
        }

        @Override
        public WorkerKind kind() {
            return WorkerKind.TIMER_SCHEDULER;
        }

        @Override
        public WorkerStatus status() {
            return new WorkerStatus(name(), kind(), WorkerState.LIVE, Position.START, Position.START, 0, Duration.ZERO, 0,
                    null, 0, 0, due, null, null, Instant.now(), null, null);
        }

        @Override
        public Set<WorkerControl> controls() {
            return kind().controls();
        }

        @Override
        public void pause() {
            // nothing runs here to pause
        }

        @Override
        public void resume() {
            // nothing runs here to resume
        }
    }

    @Test
    void timersDueLongerThanTheThresholdGiveOneAlertAndOneResolvedWhenNoneIsDue() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T10:00:00Z"));
        Timers timers = new Timers();
        try (InMemoryEventStore store = new InMemoryEventStore();
                WorkerRegistry registry = WorkerRegistry.open(store, "node-1");
                AlertReceiver receiver = new AlertReceiver(0);
                Alerts alerts = Alerts.builder(registry).every(AlertsTest.TICK).clock(clock)
                        .overdueAfter(Duration.ofMinutes(5))
                        .notifier(WebhookNotifier.builder(receiver.uri(), AlertReceiver.SECRET)
                                .retries(new Retries(5, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)))).build())
                        .start()) {
            registry.register(timers);
            timers.due = 2;
            Thread.sleep(SEEN.toMillis()); // the alerts note when they first see timers due
            clock.advance(Duration.ofMinutes(4));
            Thread.sleep(AlertsTest.TICK.multipliedBy(10).toMillis());
            assertThat(alerts.openIncidents()).as("due, but not for 5 minutes yet").isEmpty();

            clock.advance(Duration.ofMinutes(2));
            eventually("an overdue alert arrived", () -> receiver.accepted.size() == 1);
            Received opened = receiver.accepted.getFirst();
            assertThat(opened.incident()).isEqualTo("TIMER_OVERDUE");
            assertThat(opened.signed()).isTrue();
            assertThat(opened.body().get("kind").asText()).isEqualTo("TIMER_SCHEDULER");
            assertThat(Instant.parse(opened.body().get("since").asText()))
                    .isBeforeOrEqualTo(Instant.parse("2026-01-01T10:04:00Z"));
            clock.advance(Duration.ofMinutes(10));
            Thread.sleep(AlertsTest.TICK.multipliedBy(10).toMillis());
            assertThat(receiver.accepted).hasSize(1);

            timers.due = 0;
            eventually("a resolved alert arrived", () -> receiver.accepted.size() == 2);
            assertThat(receiver.accepted.get(1).phase()).isEqualTo("resolved");
            assertThat(receiver.accepted.get(1).id()).isEqualTo(opened.id());
            assertThat(alerts.openIncidents()).isEmpty();
        }
    }

    @Test
    void anIncidentOfAWorkerNoLongerRegisteredIsResolved() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T10:00:00Z"));
        Timers timers = new Timers();
        try (InMemoryEventStore store = new InMemoryEventStore();
                WorkerRegistry registry = WorkerRegistry.open(store, "node-1");
                AlertReceiver receiver = new AlertReceiver(0);
                Alerts alerts = Alerts.builder(registry).every(AlertsTest.TICK).clock(clock)
                        .overdueAfter(Duration.ofMinutes(1))
                        .notifier(WebhookNotifier.builder(receiver.uri(), AlertReceiver.SECRET).build())
                        .start()) {
            registry.register(timers);
            timers.due = 1;
            Thread.sleep(SEEN.toMillis());
            clock.advance(Duration.ofMinutes(2));
            eventually("an overdue alert arrived", () -> receiver.accepted.size() == 1);
            registry.unregister(timers);
            eventually("a resolved alert arrived", () -> receiver.accepted.size() == 2);
            assertThat(receiver.accepted.get(1).body().get("state").isNull()).isTrue();
            assertThat(receiver.accepted.get(1).body().get("detail").asText()).isEqualTo("no longer registered");
        }
    }
}
