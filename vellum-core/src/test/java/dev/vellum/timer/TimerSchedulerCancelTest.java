package dev.vellum.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.time.ManualClock;
import dev.vellum.timer.memory.InMemoryTimerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A scheduler never fires a timer cancelled after it was listed as due, and never cancels one it is firing. */
class TimerSchedulerCancelTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** A store in which each timer is cancelled just after the scheduler listed it as due: the window before it fires. */
    private static final class CancelledOnceListed extends DelegatingTimerStore {
        @Override
        public List<StoredTimer> due(String process, Instant now, int limit) {
            List<StoredTimer> due = super.due(process, now, limit);
            due.forEach(t -> cancel(t.id(), now));
            return due;
        }
    }

    @Test
    void aTimerCancelledAfterItWasListedAsDueDoesNotFire() throws Exception {
        CancelledOnceListed store = new CancelledOnceListed();
        List<String> fired = new CopyOnWriteArrayList<>();
        try (TimerScheduler timers = TimerScheduler.builder(store, "p", t -> fired.add(t.id()))
                .clock(new ManualClock(T0)).start()) {
            timers.schedule(Timer.of("t-1", "p", T0));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (store.find("t-1").orElseThrow().state() != TimerState.CANCELLED && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(200); // long enough for a firing that was going to happen
        }
        assertThat(store.find("t-1").orElseThrow().state()).isEqualTo(TimerState.CANCELLED);
        assertThat(fired).isEmpty();
    }

    @Test
    void aTimerWhoseHandlerRunsCannotBeCancelledAndIsRecordedAsFired() throws Exception {
        InMemoryTimerStore store = new InMemoryTimerStore();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        try (TimerScheduler timers = TimerScheduler.builder(store, "p", t -> {
            started.countDown();
            assertThat(finish.await(10, TimeUnit.SECONDS)).isTrue();
        }).clock(new ManualClock(T0)).start()) {
            timers.schedule(Timer.of("t-1", "p", T0));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(timers.isFiring("t-1")).isTrue();
            assertThat(timers.cancel("t-1")).isFalse();
            finish.countDown();
        }
        assertThat(store.find("t-1").orElseThrow().state()).isEqualTo(TimerState.FIRED);
    }
}
