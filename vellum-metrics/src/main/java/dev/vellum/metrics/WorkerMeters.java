package dev.vellum.metrics;

import dev.vellum.worker.PartitionLag;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Gauges per worker, tagged {@code worker} and {@code kind}, set from the registry's statuses (from
 * memory, never waiting) before each scrape: lag in events and seconds, checkpoint, rate, parked
 * events, pending effects, due timers, {@code vellum_worker_state} with one series per state, 1 for
 * the state it is in and 0 for the others, and {@code vellum_worker_lease_owned} for the workers that
 * run under a lease: 1 on the node that holds it, 0 on a node where it is on standby. Kind-specific:
 * {@code vellum_inbox_partition_lag} per partition an inbox holds (tagged {@code worker}, {@code topic}
 * and {@code partition}), and the counter {@code vellum_timers_expired_total} of the timers a timer
 * scheduler or process manager recorded as expired since it started. A worker unregistered (or a
 * partition given up) drops out at the next {@link #refresh()}. The same meters in the HTTP server
 * (set before each scrape) and in a Spring Boot application (set every few seconds by the starter).
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
    private final MultiGauge partitionLag;
    private final MeterRegistry registry;
    private final Map<String, ExpiredTimers> expired = new HashMap<>();

    private record Gauge(MultiGauge meter, ToDoubleFunction<WorkerStatus> value) {
    }

    /** The count of expired timers of one worker, as its status last said, and the counter reading it. */
    private static final class ExpiredTimers {
        private volatile long count;
        private FunctionCounter meter;
    }

    /** The kinds that fire timers, and so may record some as expired. */
    private static final Set<WorkerKind> TIMER_KINDS = Set.of(WorkerKind.TIMER_SCHEDULER, WorkerKind.PROCESS_MANAGER);

    /**
     * Gauges in {@code registry} of the workers whose statuses {@code statuses} gives (a
     * {@code WorkerRegistry}'s {@code statuses}, which answer from memory).
     */
    public WorkerMeters(Supplier<List<WorkerStatus>> statuses, MeterRegistry registry) {
        this.statuses = Objects.requireNonNull(statuses, "statuses");
        this.registry = Objects.requireNonNull(registry, "registry");
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
        partitionLag = MultiGauge.builder("vellum.inbox.partition.lag")
                .description("Records of a partition the inbox holds after its committed offset, as it last looked")
                .register(registry);
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
        List<MultiGauge.Row<?>> partitions = new ArrayList<>();
        for (WorkerStatus s : now) {
            for (PartitionLag p : s.partitions()) {
                partitions.add(MultiGauge.Row.of(Tags.of("worker", s.name(), "topic", p.topic(), "partition",
                        Integer.toString(p.partition())), p.lag()));
            }
        }
        partitionLag.register(partitions, true);
        countExpired(now);
    }

    /**
     * Sets the expired-timer count of each worker that fires timers, registering its counter when it is
     * new, and removes the counters of those gone. Synchronized: scrapes may refresh at once.
     */
    private synchronized void countExpired(List<WorkerStatus> now) {
        Map<String, WorkerStatus> firing = new HashMap<>();
        now.stream().filter(s -> TIMER_KINDS.contains(s.kind())).forEach(s -> firing.put(s.name(), s));
        expired.entrySet().removeIf(e -> {
            boolean gone = !firing.containsKey(e.getKey());
            if (gone) {
                registry.remove(e.getValue().meter);
            }
            return gone;
        });
        firing.forEach((name, s) -> expired.computeIfAbsent(name, n -> {
            ExpiredTimers counted = new ExpiredTimers();
            counted.meter = FunctionCounter.builder("vellum.timers.expired", counted, c -> c.count)
                    .description("Timers taken after their deadline and recorded as expired, not fired, since the"
                            + " worker started").tags(tags(s)).register(registry);
            return counted;
        }).count = s.expiredTimers());
    }

    private static Tags tags(WorkerStatus s) {
        return Tags.of("worker", s.name(), "kind", s.kind().name().toLowerCase());
    }
}
