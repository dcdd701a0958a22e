package dev.vellum.serde;

import dev.vellum.store.VellumException;

/**
 * The registrations given to {@link EventTypesBuilder} do not fit together: a type name or class
 * registered twice, an invalid type name or version, a gap in a type's upcaster chain, an upcaster
 * or rename that points at no registered type. Raised while the registry is being built, so a
 * misconfigured application fails at start-up rather than on its first read.
 */
public final class EventTypeRegistrationException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message what does not fit and how to fix it */
    public EventTypeRegistrationException(String message) {
        super(message);
    }
}
