package dev.vellum.examples.devices;

import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.examples.devices.DeviceEvent.ErrorOccurred;
import dev.vellum.examples.devices.DeviceEvent.ErrorResolved;
import dev.vellum.examples.devices.IncidentEvent.IncidentOpened;
import dev.vellum.examples.devices.IncidentEvent.IncidentResolved;
import dev.vellum.examples.devices.IncidentEvent.PartnerNotificationFailed;
import dev.vellum.examples.devices.IncidentEvent.PartnerNotified;
import dev.vellum.examples.devices.IncidentEvent.ReportDiscarded;
import dev.vellum.examples.devices.IncidentEvent.ReportRequested;
import dev.vellum.process.ProcessAction;
import dev.vellum.process.ProcessInput;
import java.time.Duration;
import java.util.List;

/**
 * The state of one incident in the reporting process, with its decider: report a device error to
 * the partner only if it is still unresolved {@link #GRACE} after it occurred, and discard the
 * report if the timer comes due more than {@link #REPORT_WINDOW} late (after a long outage).
 *
 * @param status where the incident stands
 * @param deviceId the device, once known
 * @param code the error code, once known
 */
public record Incident(Status status, String deviceId, String code) {

    /** How long an error may stay unresolved before the partner hears of it. */
    public static final Duration GRACE = Duration.ofMinutes(15);

    /**
     * How late the report may still go out after it came due: the report timer's deadline is
     * {@link #GRACE} plus this after the error; a timer taken later than that expires, and the report is
     * discarded ({@code ReportDiscarded}) rather than sent long after the fact.
     */
    public static final Duration REPORT_WINDOW = Duration.ofMinutes(5);

    /** The timer that brings the report due. */
    static final String REPORT_TIMER = "report";

    /** Where an incident stands. */
    public enum Status {
        /** Nothing seen yet. */
        NONE,
        /** The error occurred and is not resolved. */
        OPEN,
        /** Resolved before the report was due. */
        RESOLVED,
        /** Reported to the partner (requested; see the outcome). */
        REPORTED,
        /** The partner acknowledged the report. */
        NOTIFIED,
        /** The partner could not be told. */
        NOTIFICATION_FAILED,
        /** The report came due past its window (the process was down): it was not sent. */
        DISCARDED
    }

    /** Before anything happened. */
    public static final Incident NONE = new Incident(Status.NONE, null, null);

    /** The process's decider over its inputs. */
    public static final Decider<ProcessInput, Incident, IncidentEvent> DECIDER = Decider.of(NONE, Incident::decide,
            Incident::evolve);

    static Decision<IncidentEvent> decide(ProcessInput input, Incident state) {
        return switch (input) {
            case ProcessInput.Observed(ErrorOccurred e, var recorded) when state.status == Status.NONE ->
                    Decision.accept(new IncidentOpened(e.incidentId(), e.deviceId(), e.code(), e.at().plus(GRACE)));
            case ProcessInput.Observed(ErrorResolved e, var recorded) when state.status == Status.OPEN ->
                    Decision.accept(new IncidentResolved(e.incidentId()));
            case ProcessInput.TimerFired fired when fired.name().equals(REPORT_TIMER) && state.status == Status.OPEN ->
                    Decision.accept(new ReportRequested(fired.payload(), state.deviceId, state.code));
            case ProcessInput.TimerExpired expired when expired.name().equals(REPORT_TIMER) && state.status == Status.OPEN ->
                    Decision.accept(new ReportDiscarded(expired.payload(), expired.due(), expired.deadline(), expired.at()));
            default -> Decision.reject("not-applicable", "the incident is " + state.status + "; nothing to do");
        };
    }

    static Incident evolve(Incident state, IncidentEvent event) {
        return switch (event) {
            case IncidentOpened o -> new Incident(Status.OPEN, o.deviceId(), o.code());
            case IncidentResolved r -> new Incident(Status.RESOLVED, state.deviceId, state.code);
            case ReportRequested r -> new Incident(Status.REPORTED, state.deviceId, state.code);
            case PartnerNotified n -> new Incident(Status.NOTIFIED, state.deviceId, state.code);
            case PartnerNotificationFailed f -> new Incident(Status.NOTIFICATION_FAILED, state.deviceId, state.code);
            case ReportDiscarded d -> new Incident(Status.DISCARDED, state.deviceId, state.code);
        };
    }

    /** What the process does after each of its events: set the report timer (with its deadline), or cancel it. */
    static List<ProcessAction> actions(IncidentEvent event) {
        return switch (event) {
            case IncidentOpened o -> List.of(ProcessAction.schedule(REPORT_TIMER, o.reportDue(), o.incidentId())
                    .withDeadline(o.reportDue().plus(REPORT_WINDOW)));
            case IncidentResolved r -> List.of(ProcessAction.cancel(REPORT_TIMER));
            case ReportRequested r -> List.of(); // the partner-report reactor takes it from here
            case PartnerNotified n -> List.of();
            case PartnerNotificationFailed f -> List.of();
            case ReportDiscarded d -> List.of();
        };
    }
}
