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
 * TimerScheduler timers = TimerScheduler.start(store, "device-errors", clock, handler);
 * clock.advance(Duration.ofMinutes(15));   // timers due by then fire now
 * }</pre>
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
