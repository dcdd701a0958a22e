package dev.vellum.server.alerts;

import dev.vellum.worker.WorkerState;

/** What went wrong with a worker, making an {@link Incident}. A worker has at most one open incident of each kind. */
public enum IncidentKind {
    /**
     * The worker is {@link WorkerState#FAILED}; resolved when it runs again (or is unregistered), not when
     * it is merely stopped.
     */
    FAILED,
    /** The worker is {@link WorkerState#STALLED}; resolved when it moves again. */
    STALLED,
    /** The worker has parked events; resolved when none is parked any more (retried or skipped). */
    PARKED,
    /**
     * The worker has had due timers, not fired, for longer than {@link Alerts.Builder#overdueAfter}; resolved
     * when none is due any more (fired or cancelled).
     */
    TIMER_OVERDUE
}
