package dev.vellum.process;

import dev.vellum.store.VellumException;
import dev.vellum.time.PermanentFailure;

/**
 * A process sent a command no route of its {@link CommandRouter} takes; nothing was sent. Retrying
 * cannot cure it, so the process manager stops at once ({@link PermanentFailure}).
 */
public final class UnroutableCommandException extends VellumException implements PermanentFailure {
    private static final long serialVersionUID = 1L;

    /** @param message which command and what to add */
    public UnroutableCommandException(String message) {
        super(message);
    }
}
