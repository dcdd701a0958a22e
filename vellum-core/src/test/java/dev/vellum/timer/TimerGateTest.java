package dev.vellum.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.Position;
import dev.vellum.time.ManualClock;
import dev.vellum.timer.memory.InMemoryTimerStore;
import dev.vellum.worker.Waiting;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** A timer a gate holds back waits in its place, spends no attempt, shows in status, and does not hold the others up. */
class TimerGateTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aHeldBackTimerWaitsWithoutAttemptsWhileTheOthersFire() throws Exception {
        InMemoryTimerStore store = new InMemoryTimerStore();
        AtomicBoolean open = new AtomicBoolean();
        Waiting waiting = new Waiting("projection p v1", Position.of(7), Position.of(3), T0);
        TimerGate gate = due -> open.get() ? Map.of() : Map.of("first", waiting);
        List<String> fired = new CopyOnWriteArrayList<>();
        try (TimerScheduler timers = TimerScheduler.builder(store, "p", t -> fired.add(t.id())).clock(new ManualClock(T0))
                .gate(gate).start()) {
            timers.schedule(Timer.of("first", "p", T0));
            timers.schedule(Timer.of("second", "p", T0));
            await("the second timer fired", () -> fired.contains("second"));
            assertThat(timers.status().waiting()).isEqualTo(waiting);
            assertThat(fired).containsExactly("second");
            assertThat(store.find("first").orElseThrow()).satisfies(t -> {
                assertThat(t.state()).isEqualTo(TimerState.PENDING);
                assertThat(t.attempts()).isZero();
            });

            open.set(true);
            timers.poke();
            await("the first timer fired", () -> fired.contains("first"));
            await("nothing waits", () -> timers.status().waiting() == null);
            assertThat(store.find("first").orElseThrow().attempts()).isZero();
        }
    }

    @Test
    void aTimerPastItsDeadlineIsNotCountedAsDueSinceItWillExpireNotFire() throws Exception {
        InMemoryTimerStore store = new InMemoryTimerStore();
        Waiting waiting = new Waiting("projection p v1", Position.of(7), Position.of(3), T0);
        store.schedule(Timer.of("too-late", "p", T0.minusSeconds(600)).withDeadline(T0.minusSeconds(300)));
        store.schedule(Timer.of("due", "p", T0.minusSeconds(60)));
        store.schedule(Timer.of("in-time", "p", T0.minusSeconds(60)).withDeadline(T0.plusSeconds(60)));
        TimerGate holdsAll = due -> due.stream().collect(java.util.stream.Collectors.toMap(StoredTimer::id, t -> waiting));
        try (TimerScheduler timers = TimerScheduler.builder(store, "p", t -> { }).clock(new ManualClock(T0))
                .gate(holdsAll).start()) {
            await("the scheduler looked", () -> timers.status().dueTimers() > 0);
            assertThat(timers.status().dueTimers()).isEqualTo(2);
            assertThat(timers.openCount()).isEqualTo(3);
        }
    }
}
