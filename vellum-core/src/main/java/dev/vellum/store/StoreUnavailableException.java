package dev.vellum.store;

import dev.vellum.time.TransientFailure;

/**
 * The store could not be reached: no connection within the configured wait, the connection was
 * refused or lost before anything was sent, the server is shutting down or starting, or (SQLite)
 * another connection or process held the file's write lock past the busy timeout. Nothing was
 * read or written. Retry later; workers do so by themselves, with backoff.
 */
public class StoreUnavailableException extends VellumException implements TransientFailure {
    private static final long serialVersionUID = 1L;

    /** @param message what could not be reached and what to do @param cause the driver's error */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
