package dev.vellum.projection;

import dev.vellum.worker.WorkerState;

/**
 * What a projection does with an event its handler still fails on once its
 * {@linkplain Projection.Builder#retries retries} are used up: stop before it, or park it and go on.
 * Parked events are kept with the error and can be retried or skipped later
 * ({@link RunningProjection#parkedEvents()}).
 *
 * <p>Stopping is the default: a read model that silently lacks an event is worse than one that
 * visibly stopped. Park when the rest of the read model is worth more than one event in it.
 */
public enum ErrorPolicy {
    /** Keep the event with its error in the parked events and go on with the next event. */
    PARK,
    /** Stop the projection before the event, in state {@link WorkerState#FAILED}. */
    STOP
}
