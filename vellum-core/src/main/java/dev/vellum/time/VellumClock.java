package dev.vellum.time;

import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The time as Vellum's timers and retries see it: the current instant, and a way to hear when
 * the time is moved by hand, so a test can move it and a waiting timer wakes at once instead of
 * after a real-time sleep. In production use {@link #system()}; in tests a {@link ManualClock}.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock(Instant.parse("2026-01-01T10:00:00Z"));
 * try (TimerScheduler timers = TimerScheduler.builder(store, "device-errors", handler).clock(clock).start()) {
 *     timers.schedule(Timer.of("report-1", "device-errors", clock.instant().plus(Duration.ofMinutes(15))));
 *     clock.advance(Duration.ofMinutes(15));   // timers due by then fire now
 * }
 * }</pre>
 *
 * <p><b>The clock also drives retries.</b> A timer whose handler failed, and so a reactor's effect
 * that failed (the outbox is a timer store), is tried again after its {@link Backoff} measured on
 * this clock. With a {@link ManualClock} that nobody moves, a failed attempt is therefore never
 * made again: a test that makes an attempt fail must {@linkplain ManualClock#advance advance} the
 * clock past the backoff (after the failure is recorded) to see the next one. Retries of events by
 * projections, reactors and process managers ({@link dev.vellum.retry.Retries}) wait in real time instead.
 */
public interface VellumClock extends InstantSource {

    /** The current instant. */
    @Override
    Instant instant();

    /**
     * Calls {@code listener} after every move of the time by hand, until the returned handle is
     * closed. Clocks that only follow real time never call it.
     */
    default Listening onMove(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        return () -> { };
    }

    /** The system clock, in UTC. */
    static VellumClock system() {
        return of(Clock.systemUTC());
    }

    /** A clock that reads {@code clock} and is never moved by hand. */
    static VellumClock of(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        if (clock instanceof VellumClock vellum) {
            return vellum;
        }
        return clock::instant;
    }

    /** A registration made by {@link #onMove(Runnable)}; closing it stops the calls. */
    @FunctionalInterface
    interface Listening extends AutoCloseable {
        /** Stops calling the listener. */
        @Override
        void close();
    }
}
