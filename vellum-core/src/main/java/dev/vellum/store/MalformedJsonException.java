package dev.vellum.store;

import java.util.UUID;

/** An event's data was not one well-formed JSON value. Nothing was written. */
public final class MalformedJsonException extends InvalidEventException {
    private static final long serialVersionUID = 1L;

    /** @param eventId the event @param cause the parser's complaint */
    public MalformedJsonException(UUID eventId, Throwable cause) {
        super("Event " + eventId + " does not hold one well-formed JSON value: "
                + cause.getMessage().lines().findFirst().orElse("") + ". Serialize the data with a JSON library.", cause);
    }
}
