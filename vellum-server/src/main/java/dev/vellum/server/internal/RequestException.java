package dev.vellum.server.internal;

import dev.vellum.store.VellumException;

/** A request the server refuses before it reaches the store; nothing was changed. */
public final class RequestException extends VellumException {
    private static final long serialVersionUID = 1L;

    private final transient ProblemType type;

    /** @param type which problem @param message what is wrong and what to do */
    public RequestException(ProblemType type, String message) {
        super(message);
        this.type = type;
    }

    /** Which problem. */
    public ProblemType type() {
        return type;
    }
}
