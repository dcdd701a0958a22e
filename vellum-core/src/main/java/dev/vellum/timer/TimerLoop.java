package dev.vellum.timer;

import dev.vellum.time.PermanentFailure;
import dev.vellum.time.Retrying;
import dev.vellum.time.VellumClock;
import dev.vellum.time.internal.TransientRetry;
import dev.vellum.worker.Waiting;
import dev.vellum.worker.WorkerError;
import dev.vellum.worker.spi.RateMeter;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The due-timer polling loop of a {@link TimerScheduler}, run by its thread: takes the due timers
 * earliest first, holds back those its {@link TimerGate} says wait, claims each of the others and
 * hands it to {@link TimerFiring}, then sleeps until the next attempt is due, a wake-up, or
 * {@code maxIdle}. A store failure is retried with {@link TransientRetry}'s backoff; a
 * {@link PermanentFailure} ends the loop. What it saw at its last look is kept for the status.
 */
final class TimerLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TimerScheduler.class);

    private final TimerStore store;
    private final String process;
    private final VellumClock clock;
    private final long maxIdleMillis;
    private final int batchSize;
    private final TimerGate gate;
    private final TimerFiring firing;
    private final TimerWakeups wakeups;
    private final TransientRetry storeFailures = new TransientRetry();
    /** Makes "is it firing?" and a cancellation one step, and "is it still pending?" and starting to fire another. */
    private final ReentrantLock claim = new ReentrantLock();
    private final RateMeter rate = new RateMeter();
    private volatile boolean closing;
    private volatile boolean paused;
    private volatile boolean stoppedForGood;
    private volatile long firingSinceMillis;
    private volatile String firingId;
    private volatile Waiting waitingAtLastLook;
    private volatile long dueAtLastLook;
    private volatile long openAtLastLook;
    private volatile WorkerError lastError;

    TimerLoop(TimerStore store, String process, VellumClock clock, Duration maxIdle, int batchSize, TimerGate gate,
            TimerFiring firing, TimerWakeups wakeups) {
        this.store = store;
        this.process = process;
        this.clock = clock;
        this.maxIdleMillis = maxIdle.toMillis();
        this.batchSize = batchSize;
        this.gate = gate;
        this.firing = firing;
        this.wakeups = wakeups;
    }

    @Override
    public void run() {
        while (!closing) {
            long seen = wakeups.soFar();
            if (paused) {
                sleep(seen, maxIdleMillis);
                continue;
            }
            long waitMillis;
            try {
                List<StoredTimer> due = store.due(process, clock.instant(), batchSize);
                Map<String, Waiting> heldBack = due.isEmpty() ? Map.of() : gate.holdBack(due);
                for (StoredTimer timer : due) {
                    if (closing || paused) {
                        break;
                    }
                    if (!heldBack.containsKey(timer.id())) {
                        fire(timer);
                    }
                }
                waitingAtLastLook = due.stream().map(t -> heldBack.get(t.id())).filter(Objects::nonNull).findFirst()
                        .orElse(null);
                List<StoredTimer> open = look();
                if (due.size() == batchSize && heldBack.isEmpty()) {
                    continue;
                }
                Optional<Instant> next = heldBack.isEmpty() ? store.nextAttempt(process) : open.stream()
                        .filter(t -> t.state() == TimerState.PENDING && !heldBack.containsKey(t.id()))
                        .map(StoredTimer::nextAttempt).min(Comparator.naturalOrder());
                waitMillis = next
                        .map(at -> Math.clamp(Duration.between(clock.instant(), at).toMillis(), 0, maxIdleMillis))
                        .orElse(maxIdleMillis);
                if (storeFailures.succeeded()) {
                    LOG.info("The timers of process '{}' can be read and recorded again", process);
                }
            } catch (RuntimeException e) {
                lastError = WorkerError.of(e, null, Instant.now());
                if (PermanentFailure.isIn(e)) {
                    LOG.warn("The timers of process '{}' stop firing here: {}", process, e.toString());
                    stoppedForGood = true;
                    return;
                }
                waitMillis = Math.min(maxIdleMillis, storeFailures.failed(e).toMillis());
                LOG.warn("The timers of process '{}' could not be read or recorded; trying again in {} ms: {}",
                        process, waitMillis, e.toString());
            }
            if (waitMillis > 0) {
                sleep(seen, waitMillis);
            }
        }
    }

    private void sleep(long seen, long millis) {
        if (!closing && !wakeups.await(seen, millis)) {
            closing = true;
        }
    }

    /**
     * Fires {@code due} unless it was cancelled (or ended) since the store listed it: claims it, so a
     * cancellation from now on is refused, and reads its state again under that claim.
     */
    private void fire(StoredTimer due) {
        StoredTimer timer;
        claim.lock();
        try {
            timer = store.find(due.id()).filter(t -> t.state() == TimerState.PENDING).orElse(null);
            if (timer == null) {
                return;
            }
            firingId = timer.id();
        } finally {
            claim.unlock();
        }
        long before = firing.firedCount();
        firingSinceMillis = System.currentTimeMillis();
        try {
            firing.fire(timer);
        } finally {
            firingSinceMillis = 0;
            firingId = null;
        }
        rate.mark(firing.firedCount() - before, System.currentTimeMillis());
    }

    /**
     * Counts the open timers, and those due, for the status; returns the open ones. A timer past its
     * deadline is not counted as due: it will expire, not fire, so it is not overdue (for the alerts).
     */
    private List<StoredTimer> look() {
        Instant now = clock.instant();
        List<StoredTimer> open = store.pending(process);
        openAtLastLook = open.size();
        dueAtLastLook = open.stream().filter(t -> t.state() == TimerState.PENDING && !t.nextAttempt().isAfter(now)
                && !t.timer().expiredAt(now)).count();
        return open;
    }

    /** Cancels {@code timerId} in the store unless it is firing now; see {@link TimerScheduler#cancel}. */
    boolean cancelUnlessFiring(String timerId) {
        claim.lock();
        try {
            return !timerId.equals(firingId) && store.cancel(timerId, clock.instant());
        } finally {
            claim.unlock();
        }
    }

    boolean isFiring(String timerId) {
        return timerId.equals(firingId);
    }

    /** Fires nothing more from its next timer on (true), or fires again (false). */
    void pause(boolean pause) {
        paused = pause;
        wakeups.wake();
    }

    /** Ends the loop at its next step; a handler that is running finishes. */
    void close() {
        closing = true;
        wakeups.wake();
    }

    // ---- what the status reads, from any thread ----

    boolean closing() {
        return closing;
    }

    boolean paused() {
        return paused;
    }

    boolean stoppedForGood() {
        return stoppedForGood;
    }

    /** Since when (in epoch milliseconds) a handler runs; 0 when none does. */
    long firingSinceMillis() {
        return firingSinceMillis;
    }

    Optional<Retrying> storeRetry() {
        return storeFailures.current();
    }

    WorkerError lastError() {
        return lastError;
    }

    Waiting waitingAtLastLook() {
        return waitingAtLastLook;
    }

    long dueAtLastLook() {
        return dueAtLastLook;
    }

    long openAtLastLook() {
        return openAtLastLook;
    }

    double firingsPerSecond(long nowMillis) {
        return rate.perSecond(nowMillis);
    }
}
