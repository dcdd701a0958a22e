package dev.vellum.examples.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vellum.examples.devices.DeviceEvent.ErrorOccurred;
import dev.vellum.examples.devices.DeviceEvent.ErrorResolved;
import dev.vellum.process.CommandRouter;
import dev.vellum.process.ProcessManager;
import dev.vellum.process.RunningProcess;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.reactor.Effect;
import dev.vellum.reactor.EffectOutcomes;
import dev.vellum.reactor.EffectRequest;
import dev.vellum.reactor.Reactor;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.time.Backoff;
import dev.vellum.time.VellumClock;
import dev.vellum.timer.TimerStore;
import dev.vellum.timer.TimerWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * "Report a device error to a partner only if it is still unresolved 15 minutes later, and survive
 * restarts while waiting", and "discard it if it missed its timeframe". Two parts:
 *
 * <ul>
 * <li>the {@code deviceincidents} process manager: an error opens an incident and sets a durable
 *     timer {@link Incident#GRACE} after the error occurred, with a deadline {@link Incident#REPORT_WINDOW}
 *     later; a resolution cancels it; the timer firing on an open incident records
 *     {@code ReportRequested}, and the timer coming due after its deadline (a long outage) records
 *     {@code ReportDiscarded} instead: the partner is not told;</li>
 * <li>the {@code partner-report} reactor: tells the partner about each {@code ReportRequested},
 *     with an idempotency key, and records {@code PartnerNotified} (or the failure) in the incident.</li>
 * </ul>
 */
public final class DeviceIncidents implements AutoCloseable {

    /** The process manager's name, and the category of its streams. */
    public static final String PROCESS = "deviceincidents";

    /** Every event type of the example. */
    public static final EventTypes TYPES = EventTypes.builder()
            .register("ErrorOccurred", ErrorOccurred.class)
            .register("ErrorResolved", ErrorResolved.class)
            .register("IncidentOpened", IncidentEvent.IncidentOpened.class)
            .register("IncidentResolved", IncidentEvent.IncidentResolved.class)
            .register("ReportRequested", IncidentEvent.ReportRequested.class)
            .register("PartnerNotified", IncidentEvent.PartnerNotified.class)
            .register("PartnerNotificationFailed", IncidentEvent.PartnerNotificationFailed.class)
            .register("ReportDiscarded", IncidentEvent.ReportDiscarded.class)
            .build();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The partner's reporting service. */
    @FunctionalInterface
    public interface Partner {
        /**
         * Reports an unresolved error; {@code idempotencyKey} is the same on every attempt.
         *
         * @return the partner's receipt
         */
        String report(String incidentId, String deviceId, String code, String idempotencyKey) throws Exception;
    }

    private final RunningProcess<Incident> process;
    private final RunningReactor reports;

    private DeviceIncidents(RunningProcess<Incident> process, RunningReactor reports) {
        this.process = process;
        this.reports = reports;
    }

    /**
     * Starts the process manager and the reactor.
     *
     * @param timers the durable timers, also the reactor's outbox
     */
    public static <C extends ProjectionContext, S extends TimerStore & TimerWriter<? super C>> DeviceIncidents start(
            EventStore store, CheckpointStore<C> checkpoints, S timers, Partner partner, VellumClock clock) {
        RunningProcess<Incident> process = processManager(clock).start(store, checkpoints, timers, CommandRouter.builder().build());
        RunningReactor reports = partnerReports(partner, clock).start(store, checkpoints, timers);
        return new DeviceIncidents(process, reports);
    }

    /** The incident process manager. */
    public static ProcessManager<Incident, IncidentEvent> processManager(VellumClock clock) {
        return ProcessManager.<Incident, IncidentEvent>builder(PROCESS, TYPES, IncidentEvent.class)
                .handles("ErrorOccurred", "ErrorResolved")
                .categories("device")
                .correlate((event, recorded) -> switch (event) {
                    case ErrorOccurred e -> Optional.of(e.incidentId());
                    case ErrorResolved e -> Optional.of(e.incidentId());
                    default -> Optional.empty();
                })
                .decider(Incident.DECIDER)
                .actions(Incident::actions)
                .clock(clock)
                .build();
    }

    /** The reactor that tells the partner. */
    public static Reactor<IncidentEvent> partnerReports(Partner partner, VellumClock clock) {
        return Reactor.builder("partner-report", TYPES, new EffectOutcomes<IncidentEvent>() {
            @Override
            public IncidentEvent succeeded(Effect effect, String receipt) {
                return new IncidentEvent.PartnerNotified(incident(effect), receipt);
            }

            @Override
            public IncidentEvent failed(Effect effect, String error) {
                return new IncidentEvent.PartnerNotificationFailed(incident(effect), error);
            }

            /** The outcomes are the incident's own events (its decider evolves them), so they go in its stream. */
            @Override
            public StreamId stream(Effect effect) {
                return effect.sourceStream();
            }
        })
                .categories(PROCESS)
                .handles("ReportRequested")
                .decide(event -> List.of(EffectRequest.of(event.data())))
                .execute(effect -> {
                    JsonNode report = JSON.readTree(effect.payload());
                    return partner.report(report.get("incidentId").asText(), report.get("deviceId").asText(),
                            report.get("code").asText(), effect.key());
                })
                .attempts(5, new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(5)))
                .clock(clock)
                .build();
    }

    private static String incident(Effect effect) {
        return effect.sourceStream().value().substring(PROCESS.length() + 1);
    }

    /** Records what a device reported, in its stream {@code device-<id>}. */
    public static void record(EventStore store, DeviceEvent event) {
        String device = switch (event) {
            case ErrorOccurred e -> e.deviceId();
            case ErrorResolved e -> e.deviceId();
        };
        store.append(StreamId.of("device", device), ExpectedRevision.any(), TYPES.serialize(event));
    }

    /** The process manager, to look at incidents and timers. */
    public RunningProcess<Incident> process() {
        return process;
    }

    /** The reactor, to look at reports still to send. */
    public RunningReactor reports() {
        return reports;
    }

    /** Stops both. */
    @Override
    public void close() {
        try {
            reports.close();
        } finally {
            process.close();
        }
    }
}
