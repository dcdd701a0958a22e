package dev.vellum.store;

import dev.vellum.time.TransientFailure;

/**
 * An append whose outcome the store cannot know: the connection was lost while its commit was under
 * way, so it may or may not be stored. Retry it with the same event ids: a resend of an append that
 * was stored returns its original result and stores nothing twice; one that was not is stored then.
 */
public class AppendOutcomeUnknownException extends VellumException implements TransientFailure {
    private static final long serialVersionUID = 1L;

    /** @param message what was cut off and what to do @param cause the underlying error */
    public AppendOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
