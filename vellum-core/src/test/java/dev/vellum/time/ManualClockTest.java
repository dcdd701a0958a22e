package dev.vellum.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerHandler;
import dev.vellum.timer.TimerScheduler;
import dev.vellum.timer.memory.InMemoryTimerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ManualClockTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void itMovesOnlyByHandAndTellsItsListeners() {
        ManualClock clock = new ManualClock(T0);
        AtomicInteger moves = new AtomicInteger();
        VellumClock.Listening listening = clock.onMove(moves::incrementAndGet);

        assertThat(clock.instant()).isEqualTo(T0);
        clock.advance(Duration.ofMinutes(14));
        assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofMinutes(14)));
        clock.set(T0.minusSeconds(5));
        assertThat(clock.millis()).isEqualTo(T0.minusSeconds(5).toEpochMilli());
        assertThat(moves).hasValue(2);

        listening.close();
        clock.advance(Duration.ofSeconds(1));
        assertThat(moves).hasValue(2);
    }

    @Test
    void itRefusesToAdvanceBackwards() {
        ManualClock clock = new ManualClock(T0);
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set(Instant)");
    }

    @Test
    void aJavaClockBecomesAVellumClockThatNeverMovesByHand() {
        VellumClock fixed = VellumClock.of(Clock.fixed(T0, java.time.ZoneOffset.UTC));
        assertThat(fixed.instant()).isEqualTo(T0);
        fixed.onMove(() -> { throw new AssertionError("never called"); }).close();

        ManualClock manual = new ManualClock(T0);
        assertThat(VellumClock.of(manual)).isSameAs(manual);
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(350));
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(350));
        assertThat(backoff.delay(1_000)).isEqualTo(Duration.ofMillis(350));
        assertThatThrownBy(() -> backoff.delay(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The example of {@link VellumClock}'s Javadoc, as it is written there, with a handler that fails
     * once: the failed attempt is due again by the clock, so it runs only once the clock moves.
     */
    @Test
    void theVellumClockExampleRunsAndAFailedAttemptWaitsForTheClock() throws Exception {
        InMemoryTimerStore store = new InMemoryTimerStore();
        List<String> fired = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger(1);
        TimerHandler handler = timer -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("the partner is down");
            }
            fired.add(timer.id());
        };
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T10:00:00Z"));
        try (TimerScheduler timers = TimerScheduler.builder(store, "device-errors", handler).clock(clock).start()) {
            timers.schedule(Timer.of("report-1", "device-errors", clock.instant().plus(Duration.ofMinutes(15))));
            clock.advance(Duration.ofMinutes(15));   // timers due by then fire now
            await("the first attempt failed", () -> store.find("report-1").map(StoredTimer::attempts).orElse(0) == 1);
            assertThat(store.find("report-1").orElseThrow().nextAttempt()).as("due again by the clock, not by real time")
                    .isAfter(clock.instant());
            assertThat(fired).isEmpty();
            clock.advance(Duration.ofHours(1));
            await("the second attempt ran", () -> fired.equals(List.of("report-1")));
        }
        String javadoc = Files.readString(Path.of("src/main/java/dev/vellum/time/VellumClock.java"));
        assertThat(javadoc).contains("TimerScheduler.builder(store, \"device-errors\", handler).clock(clock).start()")
                .contains("timers.schedule(Timer.of(\"report-1\", \"device-errors\", clock.instant().plus(Duration.ofMinutes(15))));")
                .contains("clock.advance(Duration.ofMinutes(15));   // timers due by then fire now");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }
}
