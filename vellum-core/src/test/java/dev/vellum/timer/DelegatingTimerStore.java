package dev.vellum.timer;

import dev.vellum.timer.memory.InMemoryTimerStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An in-memory timer store that tests (here and in other packages) subclass to change one operation. */
public class DelegatingTimerStore implements TimerStore {

    final InMemoryTimerStore inner = new InMemoryTimerStore();

    @Override
    public boolean schedule(Timer timer) {
        return inner.schedule(timer);
    }

    @Override
    public boolean hold(Timer timer) {
        return inner.hold(timer);
    }

    @Override
    public boolean release(String timerId) {
        return inner.release(timerId);
    }

    @Override
    public boolean cancel(String timerId, Instant now) {
        return inner.cancel(timerId, now);
    }

    @Override
    public Optional<StoredTimer> find(String timerId) {
        return inner.find(timerId);
    }

    @Override
    public List<StoredTimer> due(String process, Instant now, int limit) {
        return inner.due(process, now, limit);
    }

    @Override
    public Optional<Instant> nextAttempt(String process) {
        return inner.nextAttempt(process);
    }

    @Override
    public List<StoredTimer> pending(String process) {
        return inner.pending(process);
    }

    @Override
    public boolean markFired(String timerId, Instant firedAt) {
        return inner.markFired(timerId, firedAt);
    }

    @Override
    public boolean markFailed(String timerId, String error, Instant nextAttempt) {
        return inner.markFailed(timerId, error, nextAttempt);
    }

    @Override
    public boolean markGivenUp(String timerId, String error, Instant at) {
        return inner.markGivenUp(timerId, error, at);
    }

    @Override
    public boolean markExpired(String timerId, Instant at) {
        return inner.markExpired(timerId, at);
    }
}
