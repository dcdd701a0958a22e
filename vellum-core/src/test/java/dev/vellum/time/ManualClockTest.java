package dev.vellum.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
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
}
