package dev.vellum.timer.memory;

import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerState;
import dev.vellum.timer.TimerStore;
import dev.vellum.timer.TimerWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps timers in memory, for tests and examples: nothing survives the process. As a
 * {@link TimerWriter} it stores at once, whatever transaction it is given (there is no crash to
 * survive). Thread-safe.
 */
public final class InMemoryTimerStore implements TimerStore, TimerWriter<Object> {

    private static final Comparator<StoredTimer> EARLIEST = Comparator.comparing(StoredTimer::nextAttempt)
            .thenComparing(StoredTimer::id);

    private final Map<String, StoredTimer> timers = new HashMap<>();

    @Override
    public synchronized boolean schedule(Timer timer) {
        Objects.requireNonNull(timer, "timer");
        StoredTimer existing = timers.get(timer.id());
        if (existing != null && existing.state() != TimerState.PENDING) {
            return false;
        }
        timers.put(timer.id(), StoredTimer.pending(timer));
        return true;
    }

    @Override
    public synchronized boolean hold(Timer timer) {
        Objects.requireNonNull(timer, "timer");
        if (timers.containsKey(timer.id())) {
            return false;
        }
        timers.put(timer.id(), new StoredTimer(timer, TimerState.HELD, 0, timer.due(), null, null));
        return true;
    }

    @Override
    public boolean schedule(Object context, Timer timer) {
        return schedule(timer);
    }

    @Override
    public boolean hold(Object context, Timer timer) {
        return hold(timer);
    }

    @Override
    public synchronized boolean release(String timerId) {
        StoredTimer t = timers.get(timerId);
        if (t == null || t.state() != TimerState.HELD) {
            return false;
        }
        timers.put(timerId, StoredTimer.pending(t.timer()));
        return true;
    }

    @Override
    public synchronized boolean cancel(String timerId, Instant now) {
        StoredTimer t = timers.get(timerId);
        if (t == null || t.state().ended()) {
            return false;
        }
        timers.put(timerId, new StoredTimer(t.timer(), TimerState.CANCELLED, t.attempts(), t.nextAttempt(), t.lastError(), now));
        return true;
    }

    @Override
    public synchronized Optional<StoredTimer> find(String timerId) {
        return Optional.ofNullable(timers.get(timerId));
    }

    @Override
    public synchronized List<StoredTimer> due(String process, Instant now, int limit) {
        return timers.values().stream()
                .filter(t -> t.state() == TimerState.PENDING && t.timer().process().equals(process)
                        && !t.nextAttempt().isAfter(now))
                .sorted(EARLIEST).limit(limit).toList();
    }

    @Override
    public synchronized Optional<Instant> nextAttempt(String process) {
        return pending(process).stream().filter(t -> t.state() == TimerState.PENDING).findFirst()
                .map(StoredTimer::nextAttempt);
    }

    @Override
    public synchronized List<StoredTimer> pending(String process) {
        return timers.values().stream()
                .filter(t -> !t.state().ended() && t.timer().process().equals(process))
                .sorted(EARLIEST).toList();
    }

    @Override
    public synchronized boolean markFired(String timerId, Instant firedAt) {
        return end(timerId, TimerState.FIRED, null, firedAt);
    }

    @Override
    public synchronized boolean markGivenUp(String timerId, String error, Instant at) {
        return end(timerId, TimerState.FAILED, error, at);
    }

    @Override
    public synchronized boolean markExpired(String timerId, Instant at) {
        return end(timerId, TimerState.EXPIRED, null, at);
    }

    @Override
    public synchronized boolean markFailed(String timerId, String error, Instant nextAttempt) {
        StoredTimer t = timers.get(timerId);
        if (t == null || t.state() != TimerState.PENDING) {
            return false;
        }
        timers.put(timerId, new StoredTimer(t.timer(), TimerState.PENDING, t.attempts() + 1, nextAttempt, error, null));
        return true;
    }

    private boolean end(String timerId, TimerState state, String error, Instant at) {
        StoredTimer t = timers.get(timerId);
        if (t == null || t.state() != TimerState.PENDING) {
            return false;
        }
        timers.put(timerId, new StoredTimer(t.timer(), state, t.attempts(), t.nextAttempt(),
                error != null ? error : t.lastError(), at));
        return true;
    }
}
