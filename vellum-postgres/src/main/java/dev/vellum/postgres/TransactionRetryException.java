package dev.vellum.postgres;

import dev.vellum.store.VellumException;
import dev.vellum.time.TransientFailure;

/**
 * An append in the caller's transaction ({@link PostgresEventStore#appendInTransaction}) that the
 * transaction cannot finish: PostgreSQL chose it as the victim of a deadlock with another
 * transaction, its isolation level refused it (a serialization failure), or it kept losing races to
 * other writers. Nothing of this append was written, but the transaction still holds what it did
 * before, which is what the other transaction waits for: roll the whole transaction back and run it
 * again. A worker that meets it runs its unit of work again, which does exactly that.
 */
public class TransactionRetryException extends VellumException implements TransientFailure {
    private static final long serialVersionUID = 1L;

    /** @param message what happened and what to do @param cause the driver's error */
    public TransactionRetryException(String message, Throwable cause) {
        super(message, cause);
    }
}
