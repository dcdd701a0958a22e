package dev.vellum.server.alerts;

import java.time.Instant;
import java.util.Objects;

/**
 * One message about an {@link Incident}: that it opened, or that it is resolved. Each incident gives
 * exactly one of each (the second only if it recovers while the alerts run).
 *
 * @param phase opened or resolved
 * @param incident the incident, as the worker was when this alert was made
 * @param at when this alert was made
 */
public record Alert(Phase phase, Incident incident, Instant at) {

    /** Whether an alert opens an incident or resolves it. */
    public enum Phase {
        /** The trouble was seen. */
        OPENED,
        /** The worker recovered. */
        RESOLVED
    }

    /** Checks that nothing is missing. */
    public Alert {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(incident, "incident");
        Objects.requireNonNull(at, "at");
    }

    /** One line for a log or a chat: {@code OPENED FAILED projection.orders.v1 (FAILED): java.lang.X: boom}. */
    public String summary() {
        String state = incident.state() == null ? "unregistered" : incident.state().name();
        String error = incident.lastError() == null ? "" : ": " + incident.lastError();
        return phase + " " + incident.kind() + " " + incident.worker() + " (" + state + ", " + incident.detail() + ")"
                + error + " [incident " + incident.id() + "]";
    }
}
