package dev.vellum.metrics;

import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Gauges per worker, tagged {@code worker} and {@code kind}, set from the registry's statuses (from
 * memory, never waiting) before each scrape: lag in events and seconds, checkpoint, rate, parked
 * events, pending effects, due timers, {@code vellum_worker_state} with one series per state, 1 for
 * the state it is in and 0 for the others, and {@code vellum_worker_lease_owned} for the workers that
 * run under a lease: 1 on the node that holds it, 0 on a node where it is on standby. A worker
 * unregistered drops out at the next
 * {@link #refresh()}. The same meters in the HTTP server (set before each scrape) and in a Spring Boot
 * application (set every few seconds by the starter).
 *
 * <pre>{@code
 * WorkerMeters meters = new WorkerMeters(workers::statuses, meterRegistry);
 * meters.refresh();   // before each scrape, or on a schedule
 * }</pre>
 */
public final class WorkerMeters {

    private final Supplier<List<WorkerStatus>> statuses;
    private final List<Gauge> gauges = new ArrayList<>();
    private final MultiGauge state;
    private final MultiGauge leaseOwned;

    private record Gauge(MultiGauge meter, ToDoubleFunction<WorkerStatus> value) {
    }

    /**
     * Gauges in {@code registry} of the workers whose statuses {@code statuses} gives (a
     * {@code WorkerRegistry}'s {@code statuses}, which answer from memory).
     */
    public WorkerMeters(Supplier<List<WorkerStatus>> statuses, MeterRegistry registry) {
        this.statuses = Objects.requireNonNull(statuses, "statuses");
        Objects.requireNonNull(registry, "registry");
        gauge(registry, "vellum.worker.lag.events", null, "Positions of the log between the checkpoint and the head",
                WorkerStatus::lagEvents);
        gauge(registry, "vellum.worker.lag", "seconds", "How long ago the oldest event not yet handled was recorded",
                s -> s.lag().toNanos() / 1e9);
        gauge(registry, "vellum.worker.checkpoint", null, "The position up to which every event is handled",
                s -> s.checkpoint().value());
        gauge(registry, "vellum.worker.rate", "events.per.second", "Events handled (timers fired) per second lately",
                WorkerStatus::eventsPerSecond);
        gauge(registry, "vellum.worker.parked.events", null, "Events parked by a projection",
                WorkerStatus::parkedEvents);
        gauge(registry, "vellum.worker.pending.effects", null, "A reactor's effects not yet ended",
                WorkerStatus::pendingEffects);
        gauge(registry, "vellum.worker.due.timers", null, "Timers due and not yet fired", WorkerStatus::dueTimers);
        state = MultiGauge.builder("vellum.worker.state").description("1 for the state the worker is in, 0 for the others")
                .register(registry);
        leaseOwned = MultiGauge.builder("vellum.worker.lease.owned")
                .description("1 on the node that holds the worker's lease, 0 where it waits on standby").register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String unit, String description,
            ToDoubleFunction<WorkerStatus> value) {
        gauges.add(new Gauge(MultiGauge.builder(name).baseUnit(unit).description(description).register(registry), value));
    }

    /** Sets every gauge from the statuses now. */
    public void refresh() {
        List<WorkerStatus> now = statuses.get();
        for (Gauge gauge : gauges) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (WorkerStatus s : now) {
                rows.add(MultiGauge.Row.of(tags(s), gauge.value().applyAsDouble(s)));
            }
            gauge.meter().register(rows, true);
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (WorkerStatus s : now) {
            for (WorkerState candidate : WorkerState.values()) {
                rows.add(MultiGauge.Row.of(tags(s).and("state", candidate.name().toLowerCase()),
                        s.state() == candidate ? 1 : 0));
            }
        }
        state.register(rows, true);
        List<MultiGauge.Row<?>> leases = new ArrayList<>();
        for (WorkerStatus s : now) {
            if (s.lease() != null || s.state() == WorkerState.STANDBY) {
                boolean owned = s.lease() != null && s.lease().owner().equals(s.node())
                        && s.state() != WorkerState.STANDBY;
                leases.add(MultiGauge.Row.of(tags(s), owned ? 1 : 0));
            }
        }
        leaseOwned.register(leases, true);
    }

    private static Tags tags(WorkerStatus s) {
        return Tags.of("worker", s.name(), "kind", s.kind().name().toLowerCase());
    }
}
