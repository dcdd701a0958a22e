package dev.vellum.worker;

import dev.vellum.store.VellumException;

/**
 * A parked event or record was retried ({@link WorkerControl#RETRY_PARKED}) and fails again: it stays
 * parked, and nothing else changed. Fix the cause and retry it, or skip it. Its cause is the error it
 * failed with this time. Each kind of worker that parks work throws its own subclass (vellum-kafka's
 * inbox for a record), so a caller (the HTTP API's 409) handles them alike.
 */
public class ParkedStillFailsException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message which worker, what was retried, why it failed, and what to do @param cause the failure */
    protected ParkedStillFailsException(String message, Throwable cause) {
        super(message, cause);
    }
}
