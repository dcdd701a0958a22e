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
 * used up, tell the failure handler and record that the timer failed for good. A timer taken after
 * its deadline is not fired: the expiry handler is told, and the timer recorded as expired.
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
    private final TimerExpiryHandler onExpiry;
    private final AtomicLong fired = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();

    TimerFiring(TimerStore store, String process, TimerHandler handler, VellumClock clock, Backoff backoff, int maxAttempts,
            TimerFailureHandler onGiveUp, TimerExpiryHandler onExpiry) {
        this.store = store;
        this.process = process;
        this.handler = handler;
        this.clock = clock;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.onGiveUp = onGiveUp;
        this.onExpiry = onExpiry;
    }

    long firedCount() {
        return fired.get();
    }

    long expiredCount() {
        return expired.get();
    }

    void fire(StoredTimer stored) {
        Timer timer = stored.timer();
        Instant now = clock.instant();
        if (timer.expiredAt(now)) {
            expire(stored, now);
            return;
        }
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

    /**
     * Tells the expiry handler, then records that the timer expired; retried later (with backoff, as
     * a failed firing, however many attempts it has used) if the handler throws.
     */
    private void expire(StoredTimer stored, Instant now) {
        Timer timer = stored.timer();
        try {
            onExpiry.expired(timer, now);
        } catch (Exception e) {
            Instant next = clock.instant().plus(backoff.delay(stored.attempts() + 1));
            LOG.warn("Timer '{}' of process '{}' expired (its deadline {} passed), but telling so failed; trying again"
                    + " at {}: {}", timer.id(), process, timer.deadline(), next, e.toString());
            LOG.debug("The failure to tell of the expiry of timer '{}'", timer.id(), e);
            store.markFailed(timer.id(), e.toString(), next);
            return;
        }
        if (store.markExpired(timer.id(), clock.instant())) {
            expired.incrementAndGet();
            LOG.info("Timer '{}' of process '{}' expired unfired: taken at {}, after its deadline {}", timer.id(), process,
                    now, timer.deadline());
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
