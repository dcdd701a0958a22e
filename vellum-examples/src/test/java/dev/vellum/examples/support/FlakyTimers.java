package dev.vellum.examples.support;

import dev.vellum.projection.sql.SqlContext;
import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerStore;
import dev.vellum.timer.TimerWriter;
import dev.vellum.timer.sql.SqlTimerStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A SQL timer store whose next records of a firing fail, as if the process died just after the handler returned. */
public final class FlakyTimers implements TimerStore, TimerWriter<SqlContext> {

    private final SqlTimerStore delegate;
    private final AtomicInteger failures;

    /** Fails the next {@code failures} calls to {@link #markFired}. */
    public FlakyTimers(SqlTimerStore delegate, int failures) {
        this.delegate = delegate;
        this.failures = new AtomicInteger(failures);
    }

    @Override
    public boolean markFired(String timerId, Instant firedAt) {
        if (failures.getAndDecrement() > 0) {
            throw new IllegalStateException("injected: the process died before recording that " + timerId + " ran");
        }
        return delegate.markFired(timerId, firedAt);
    }

    @Override
    public boolean schedule(Timer timer) {
        return delegate.schedule(timer);
    }

    @Override
    public boolean hold(Timer timer) {
        return delegate.hold(timer);
    }

    @Override
    public boolean schedule(SqlContext context, Timer timer) {
        return delegate.schedule(context, timer);
    }

    @Override
    public boolean hold(SqlContext context, Timer timer) {
        return delegate.hold(context, timer);
    }

    @Override
    public boolean release(String timerId) {
        return delegate.release(timerId);
    }

    @Override
    public boolean cancel(String timerId, Instant now) {
        return delegate.cancel(timerId, now);
    }

    @Override
    public Optional<StoredTimer> find(String timerId) {
        return delegate.find(timerId);
    }

    @Override
    public List<StoredTimer> due(String process, Instant now, int limit) {
        return delegate.due(process, now, limit);
    }

    @Override
    public Optional<Instant> nextAttempt(String process) {
        return delegate.nextAttempt(process);
    }

    @Override
    public List<StoredTimer> pending(String process) {
        return delegate.pending(process);
    }

    @Override
    public boolean markFailed(String timerId, String error, Instant nextAttempt) {
        return delegate.markFailed(timerId, error, nextAttempt);
    }

    @Override
    public boolean markGivenUp(String timerId, String error, Instant at) {
        return delegate.markGivenUp(timerId, error, at);
    }

    @Override
    public boolean markExpired(String timerId, Instant at) {
        return delegate.markExpired(timerId, at);
    }
}
