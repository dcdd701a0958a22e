package dev.vellum.timer;

import dev.vellum.store.VellumException;

/** The storage behind a {@link TimerStore} failed; the message names it and the operation. */
public final class TimerStoreException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and what to do @param cause the underlying error */
    public TimerStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
