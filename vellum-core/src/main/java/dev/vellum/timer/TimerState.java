package dev.vellum.timer;

/** Where a stored timer is in its life. */
public enum TimerState {
    /** Waiting for its due time, or for its next attempt after a failed one. */
    PENDING,
    /** Its handler succeeded; it never fires again. */
    FIRED,
    /** Cancelled before it fired; it never fires. */
    CANCELLED
}
