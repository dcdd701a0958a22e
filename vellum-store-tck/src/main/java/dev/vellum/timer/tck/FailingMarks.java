package dev.vellum.timer.tck;

import dev.vellum.time.PermanentFailure;
import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A store that fails the first {@code failures} attempts to record a firing, as a crash right after
 * the handler would, or every attempt with a {@link PermanentFailure}, as a lost lease would; it
 * counts how often the scheduler looks for due timers.
 */
final class FailingMarks implements TimerStore {

    /** What a store fenced off by a lease throws: retrying cannot cure it. */
    static final class LostForGood extends IllegalStateException implements PermanentFailure {
        LostForGood(String message) {
            super(message);
        }
    }

    private final TimerStore delegate;
    private final AtomicInteger failuresLeft;
    private final Function<String, RuntimeException> failure;
    final AtomicInteger reads = new AtomicInteger();

    FailingMarks(TimerStore delegate, int failures) {
        this(delegate, failures, timerId -> new IllegalStateException(
                "injected: the process died before recording that " + timerId + " fired"));
    }

    private FailingMarks(TimerStore delegate, int failures, Function<String, RuntimeException> failure) {
        this.delegate = delegate;
        this.failuresLeft = new AtomicInteger(failures);
        this.failure = failure;
    }

    /** A store whose every record of a firing fails with a {@link PermanentFailure}. */
    static FailingMarks permanently(TimerStore delegate) {
        return new FailingMarks(delegate, Integer.MAX_VALUE,
                timerId -> new LostForGood("injected: another instance owns the timers now, " + timerId + " not recorded"));
    }

    @Override
    public boolean markFired(String timerId, Instant firedAt) {
        if (failuresLeft.getAndDecrement() > 0) {
            throw failure.apply(timerId);
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
        reads.incrementAndGet();
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

    @Override
    public boolean markExpired(String timerId, Instant at) {
        return delegate.markExpired(timerId, at);
    }
}
