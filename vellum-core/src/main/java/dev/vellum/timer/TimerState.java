package dev.vellum.timer;

/** Where a stored timer is in its life. */
public enum TimerState {
    /** Waiting for its due time, or for its next attempt after a failed one. */
    PENDING,
    /** Held until someone releases it (a side effect that needs a person's approval); never due while held. */
    HELD,
    /** Its handler succeeded; it never fires again. */
    FIRED,
    /** Its handler failed as many times as allowed, and the scheduler gave up on it; it never fires again. */
    FAILED,
    /** Cancelled before it fired; it never fires. */
    CANCELLED,
    /**
     * It was taken for firing after its {@linkplain Timer#deadline() deadline}, so it was not fired; the
     * scheduler's {@link TimerExpiryHandler} was told instead. It never fires.
     */
    EXPIRED;

    /** True for the states a timer never leaves: fired, failed, cancelled, expired. */
    public boolean ended() {
        return this == FIRED || this == FAILED || this == CANCELLED || this == EXPIRED;
    }
}
