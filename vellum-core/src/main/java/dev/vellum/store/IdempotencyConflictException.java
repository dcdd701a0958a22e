package dev.vellum.store;

/**
 * An append reused event ids in a way that is not a plain retry: only some of its ids were stored
 * before, or they were stored in another stream or another order. Nothing was written. A retry
 * after a lost reply must send exactly the same events; new events need new ids.
 */
public final class IdempotencyConflictException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param stream the stream appended to @param detail which ids clash and how */
    public IdempotencyConflictException(StreamId stream, String detail) {
        super("Append to '" + stream + "' reuses event ids but is not a retry of one earlier append: " + detail
                + ". Resend exactly the original events, or give new events new ids.");
    }
}
