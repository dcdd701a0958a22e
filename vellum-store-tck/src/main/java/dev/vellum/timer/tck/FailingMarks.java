package dev.vellum.timer.tck;

import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A store that fails the first {@code failures} attempts to record a firing, as a crash right after the handler would. */
final class FailingMarks implements TimerStore {

    private final TimerStore delegate;
    private final AtomicInteger failuresLeft;

    FailingMarks(TimerStore delegate, int failures) {
        this.delegate = delegate;
        this.failuresLeft = new AtomicInteger(failures);
    }

    @Override
    public boolean markFired(String timerId, Instant firedAt) {
        if (failuresLeft.getAndDecrement() > 0) {
            throw new IllegalStateException("injected: the process died before recording that " + timerId + " fired");
        }
        return delegate.markFired(timerId, firedAt);
    }

    @Override
    public boolean schedule(Timer timer) {
        return delegate.schedule(timer);
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
    public boolean hold(Timer timer) {
        return delegate.hold(timer);
    }

    @Override
    public boolean release(String timerId) {
        return delegate.release(timerId);
    }

    @Override
    public boolean markGivenUp(String timerId, String error, Instant at) {
        return delegate.markGivenUp(timerId, error, at);
    }

    @Override
    public boolean markFailed(String timerId, String error, Instant nextAttempt) {
        return delegate.markFailed(timerId, error, nextAttempt);
    }
}
