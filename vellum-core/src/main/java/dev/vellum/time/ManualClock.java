package dev.vellum.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * A clock that stands still until a test moves it: {@link #advance(Duration)} a step, or
 * {@link #set(Instant)} it anywhere (a jump forward, or back). Each move wakes whatever waits on
 * the time (timers, retries), so tests run in milliseconds of real time. It is a
 * {@link java.time.Clock} too, so an in-memory store can stamp events with it. Thread-safe.
 *
 * <p>Nothing moves it but the test: a timer or reactor effect whose attempt failed waits for its
 * backoff on this clock, so with a frozen clock it is never tried again. Move the clock past the
 * backoff once the failure is recorded (see {@link VellumClock}).
 */
public final class ManualClock extends Clock implements VellumClock {

    private final Set<Runnable> listeners = new CopyOnWriteArraySet<>();
    private final ZoneId zone;
    private volatile Instant now;

    /** A clock at {@code start}, in UTC. */
    public ManualClock(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    private ManualClock(Instant start, ZoneId zone) {
        this.now = Objects.requireNonNull(start, "start");
        this.zone = zone;
    }

    /** Moves the time forward by {@code step} and wakes the waiters. @throws IllegalArgumentException when negative */
    public void advance(Duration step) {
        Objects.requireNonNull(step, "step");
        if (step.isNegative()) {
            throw new IllegalArgumentException("A manual clock advances by 0 or more, got " + step
                    + ": use set(Instant) to move it back.");
        }
        synchronized (this) {
            now = now.plus(step);
        }
        moved();
    }

    /** Sets the time to {@code instant}, forward or back, and wakes the waiters. */
    public void set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        synchronized (this) {
            now = instant;
        }
        moved();
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public Listening onMove(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** This clock seen in another zone; both views share the time and the listeners. */
    @Override
    public Clock withZone(ZoneId newZone) {
        return newZone.equals(zone) ? this : Clock.offset(this, Duration.ZERO).withZone(newZone);
    }

    private void moved() {
        listeners.forEach(Runnable::run);
    }

    @Override
    public String toString() {
        return "ManualClock[" + now + "]";
    }
}
