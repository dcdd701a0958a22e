package dev.vellum.retry;

import dev.vellum.store.VellumException;

/**
 * A reactor or process manager stopped because one event still failed after every attempt its
 * {@link Retries} allows; the cause is the last error. Its checkpoint is before that event, so
 * once the cause is fixed, starting it again handles the event again, and nothing after it was skipped.
 */
public final class RetriesExhaustedException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message which runner, which event, how many attempts, what to do @param lastError the last attempt's error */
    public RetriesExhaustedException(String message, Throwable lastError) {
        super(message, lastError);
    }
}
