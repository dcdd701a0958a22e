package dev.vellum.timer;

import dev.vellum.time.Backoff;
import dev.vellum.time.VellumClock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link TimerScheduler} does with one due timer: run its handler and record that it fired;
 * on a failure record the attempt and when to try again (with backoff), or, when the attempts are
 * used up, tell the failure handler and record that the timer failed for good.
 */
final class TimerFiring {

    private static final Logger LOG = LoggerFactory.getLogger(TimerScheduler.class);

    private final TimerStore store;
    private final String process;
    private final TimerHandler handler;
    private final VellumClock clock;
    private final Backoff backoff;
    private final int maxAttempts;
    private final TimerFailureHandler onGiveUp;
    private final AtomicLong fired = new AtomicLong();

    TimerFiring(TimerStore store, String process, TimerHandler handler, VellumClock clock, Backoff backoff, int maxAttempts,
            TimerFailureHandler onGiveUp) {
        this.store = store;
        this.process = process;
        this.handler = handler;
        this.clock = clock;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.onGiveUp = onGiveUp;
    }

    long firedCount() {
        return fired.get();
    }

    void fire(StoredTimer stored) {
        Timer timer = stored.timer();
        if (stored.attempts() >= maxAttempts) {
            giveUp(stored, stored.lastError());
            return;
        }
        try {
            handler.fire(timer);
        } catch (Exception e) {
            int attempt = stored.attempts() + 1;
            if (attempt >= maxAttempts) {
                LOG.warn("Timer '{}' of process '{}' failed for the last allowed time (attempt {}): {}", timer.id(), process,
                        attempt, e.toString());
                LOG.debug("The last failure of timer '{}'", timer.id(), e);
                store.markFailed(timer.id(), e.toString(), clock.instant());
                giveUp(new StoredTimer(timer, stored.state(), attempt, clock.instant(), e.toString(), null), e.toString());
                return;
            }
            Instant next = clock.instant().plus(backoff.delay(attempt));
            LOG.warn("Timer '{}' of process '{}' failed (attempt {}): {}; next attempt at {}", timer.id(), process,
                    attempt, e.toString(), next);
            LOG.debug("The failure of timer '{}'", timer.id(), e);
            store.markFailed(timer.id(), e.toString(), next);
            return;
        }
        if (store.markFired(timer.id(), clock.instant())) {
            fired.incrementAndGet();
        }
    }

    /** Tells the failure handler, then records that the timer failed for good; retried later if the handler throws. */
    private void giveUp(StoredTimer stored, String lastError) {
        Timer timer = stored.timer();
        try {
            onGiveUp.gaveUp(timer, stored.attempts(), lastError);
        } catch (Exception e) {
            Instant next = clock.instant().plus(backoff.delay(stored.attempts()));
            LOG.warn("Giving up on timer '{}' of process '{}' failed; trying again at {}", timer.id(), process, next, e);
            store.markFailed(timer.id(), lastError, next);
            return;
        }
        store.markGivenUp(timer.id(), lastError, clock.instant());
    }
}
