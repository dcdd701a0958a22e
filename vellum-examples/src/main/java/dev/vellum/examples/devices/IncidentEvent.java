package dev.vellum.examples.devices;

import java.time.Instant;

/** The events of the incident-reporting process, in streams {@code deviceincidents-<incident id>}. */
public sealed interface IncidentEvent {

    /** An error was seen; a report is due at {@code reportDue} unless it is resolved first. */
    record IncidentOpened(String incidentId, String deviceId, String code, Instant reportDue) implements IncidentEvent {
    }

    /** The error was resolved before the report was due: nothing will be reported. */
    record IncidentResolved(String incidentId) implements IncidentEvent {
    }

    /** Still unresolved at the due time: the partner must be told. */
    record ReportRequested(String incidentId, String deviceId, String code) implements IncidentEvent {
    }

    /**
     * Still unresolved, but the report timer came due after its deadline (the process was down from
     * before {@code due} until {@code at}): the report is discarded, the partner not told.
     */
    record ReportDiscarded(String incidentId, Instant due, Instant deadline, Instant at) implements IncidentEvent {
    }

    /** The partner acknowledged the report (recorded by the partner-report reactor). */
    record PartnerNotified(String incidentId, String receipt) implements IncidentEvent {
    }

    /** The partner could not be told after every attempt (recorded by the partner-report reactor). */
    record PartnerNotificationFailed(String incidentId, String error) implements IncidentEvent {
    }
}
