package dev.vellum.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.StoreUnavailableException;
import dev.vellum.time.ManualClock;
import dev.vellum.time.Retrying;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 19.1 for timer schedulers: while its timer store cannot be read, a scheduler says it is
 * retrying (the error and the next attempt) and goes on by itself once it can, firing each timer once.
 */
class TimerSchedulerRetriesTest {

    /** A timer store whose reads of due timers fail while told to. */
    private static final class FlakyTimers extends DelegatingTimerStore {
        final AtomicBoolean down = new AtomicBoolean();

        @Override
        public List<StoredTimer> due(String process, Instant now, int limit) {
            if (down.get()) {
                throw new StoreUnavailableException("the timers' database is down", null);
            }
            return super.due(process, now, limit);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aSchedulerWhoseStoreFailsSaysItRetriesAndFiresEachTimerOnceAfterwards() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        FlakyTimers timers = new FlakyTimers();
        List<String> fired = new CopyOnWriteArrayList<>();
        try (TimerScheduler scheduler = TimerScheduler.builder(timers, "p", t -> fired.add(t.id())).clock(clock).start()) {
            timers.down.set(true);
            scheduler.schedule(Timer.of("t-1", "p", clock.instant()));
            await("retrying", () -> scheduler.status().retrying() != null && scheduler.status().retrying().attempt() >= 2);
            Retrying retrying = scheduler.status().retrying();
            assertThat(retrying.lastError()).isInstanceOf(StoreUnavailableException.class);
            assertThat(retrying.nextAttempt()).isAfterOrEqualTo(retrying.since());
            assertThat(fired).isEmpty();

            timers.down.set(false);
            await("fired", () -> fired.size() == 1);
            await("no longer retrying", () -> scheduler.status().retrying() == null);
            Thread.sleep(100);
            assertThat(fired).containsExactly("t-1");
        }
    }
}
