package dev.vellum.timer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The port for where timers are kept, durably in a real store: what a {@link TimerScheduler} reads
 * and writes. Every method is atomic and thread-safe. Implementations:
 * {@link dev.vellum.timer.memory.InMemoryTimerStore} (tests), and
 * {@link dev.vellum.timer.sql.SqlTimerStore} over a SQL read model (SQLite or PostgreSQL).
 *
 * <p>Timers are kept after they fire, fail for good or are cancelled, so that scheduling one of
 * them again (a process handling the same event twice, a reactor replaying its log) does nothing.
 */
public interface TimerStore {

    /**
     * Stores a pending timer. Scheduling an id that is pending moves it to the new due time, payload
     * and deadline (and clears its failures); an id that fired or was cancelled stays as it is.
     *
     * @return true when the timer is now pending as given; false when it had already ended
     */
    boolean schedule(Timer timer);

    /**
     * Stores a timer as held: it is never due until {@link #release released} (a side effect waiting
     * for a person's approval). A timer whose id is already stored, in any state, stays as it is.
     *
     * @return true when it is now held; false when the id was already stored
     */
    boolean hold(Timer timer);

    /**
     * Releases a held timer: it becomes pending and is due from its due time (at once when that has passed).
     *
     * @return true when it was held; false when it is unknown or not held
     */
    boolean release(String timerId);

    /**
     * Cancels a pending or held timer.
     *
     * @return true when it was pending or held; false when it is unknown or already ended
     */
    boolean cancel(String timerId, Instant now);

    /** The timer with this id, in whatever state, or empty. */
    Optional<StoredTimer> find(String timerId);

    /** Up to {@code limit} pending timers of {@code process} whose next attempt is at or before {@code now}, earliest first. */
    List<StoredTimer> due(String process, Instant now, int limit);

    /** When the earliest pending timer of {@code process} fires next, or empty when none is pending. */
    Optional<Instant> nextAttempt(String process);

    /** The pending and held timers of {@code process}, earliest first. */
    List<StoredTimer> pending(String process);

    /**
     * Records that a timer's handler succeeded; it never fires again.
     *
     * @return false when it was no longer pending (cancelled meanwhile)
     */
    boolean markFired(String timerId, Instant firedAt);

    /**
     * Records that a timer's handler failed: one more attempt, the error, and when to try again.
     *
     * @return false when it was no longer pending
     */
    boolean markFailed(String timerId, String error, Instant nextAttempt);

    /**
     * Records that the scheduler gave up on a pending timer after its last failure; it never fires again.
     *
     * @return false when it was no longer pending
     */
    boolean markGivenUp(String timerId, String error, Instant at);

    /**
     * Records that a pending timer was taken after its deadline and not fired; it never fires.
     *
     * @return false when it was no longer pending
     */
    boolean markExpired(String timerId, Instant at);
}
