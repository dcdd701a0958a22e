package dev.vellum.server.alerts;

import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The open incidents, the last {@value #RESOLVED_KEPT} resolved ones, and the alerts each look at the workers' statuses gives: an incident opens the
 * first time its condition is seen and is resolved the first time it is no longer seen, so each gives
 * one alert of each phase however often it is looked at. Not thread-safe: one looker calls it.
 */
final class IncidentTracker {

    private record Key(String worker, IncidentKind kind) {
    }

    /** How many resolved incidents are kept for {@link #resolved()}. */
    public static final int RESOLVED_KEPT = 100;

    private final Duration overdueAfter;
    private final Deque<Alert> resolved = new ArrayDeque<>();
    private final Map<Key, Incident> open = new HashMap<>();
    private final Map<String, Instant> dueSince = new HashMap<>();

    /** @param overdueAfter how long timers may stay due before it is an incident */
    public IncidentTracker(Duration overdueAfter) {
        this.overdueAfter = overdueAfter;
    }

    /** The alerts that {@code statuses}, looked at {@code now}, give; in the order of the statuses. */
    public List<Alert> look(List<WorkerStatus> statuses, Instant now) {
        List<Alert> alerts = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (WorkerStatus status : statuses) {
            present.add(status.name());
            for (IncidentKind kind : IncidentKind.values()) {
                Key key = new Key(status.name(), kind);
                Incident incident = open.get(key);
                boolean holds = holds(kind, status, now, incident != null);
                if (holds && incident == null) {
                    Incident opened = new Incident(UUID.randomUUID(), kind, status.name(), status.kind(), status.state(),
                            status.lastError(), detail(kind, status), status.node(), since(kind, status, now));
                    open.put(key, opened);
                    alerts.add(new Alert(Alert.Phase.OPENED, opened, now));
                } else if (!holds && incident != null) {
                    open.remove(key);
                    alerts.add(new Alert(Alert.Phase.RESOLVED, new Incident(incident.id(), kind, incident.worker(),
                            incident.workerKind(), status.state(), status.lastError(), detail(kind, status), status.node(),
                            incident.since()), now));
                }
            }
        }
        dueSince.keySet().retainAll(present);
        for (Iterator<Map.Entry<Key, Incident>> i = open.entrySet().iterator(); i.hasNext(); ) {
            Incident incident = i.next().getValue();
            if (!present.contains(incident.worker())) {
                i.remove();
                alerts.add(new Alert(Alert.Phase.RESOLVED, new Incident(incident.id(), incident.kind(), incident.worker(),
                        incident.workerKind(), null, incident.lastError(), "no longer registered", incident.node(),
                        incident.since()), now));
            }
        }
        alerts.stream().filter(a -> a.phase() == Alert.Phase.RESOLVED).forEach(this::keep);
        return alerts;
    }

    private void keep(Alert resolution) {
        resolved.addFirst(resolution);
        if (resolved.size() > RESOLVED_KEPT) {
            resolved.removeLast();
        }
    }

    /**
     * The alerts that resolved the last {@value #RESOLVED_KEPT} incidents, newest first: each incident as
     * the worker was when it recovered, and when that was seen.
     */
    public List<Alert> resolved() {
        return List.copyOf(resolved);
    }

    /** The incidents open now, oldest first. */
    public List<Incident> open() {
        return open.values().stream().sorted(Comparator.comparing(Incident::since).thenComparing(Incident::worker)).toList();
    }

    /**
     * Whether the trouble of {@code kind} is there; a worker that runs on another node is that node's to
     * tell. A failed worker that is then stopped has not recovered: its incident stays open.
     */
    private boolean holds(IncidentKind kind, WorkerStatus status, Instant now, boolean open) {
        boolean here = status.state() != WorkerState.STANDBY;
        return switch (kind) {
            case FAILED -> status.state() == WorkerState.FAILED || open && status.state() == WorkerState.STOPPED;
            case STALLED -> status.state() == WorkerState.STALLED;
            case PARKED -> here && status.parkedEvents() > 0;
            case TIMER_OVERDUE -> overdue(status, now);
        };
    }

    /** Whether timers have been due, continuously, for longer than the threshold; notes when they became due. */
    private boolean overdue(WorkerStatus status, Instant now) {
        if (status.dueTimers() == 0 || status.state() == WorkerState.STANDBY) {
            dueSince.remove(status.name());
            return false;
        }
        Instant since = dueSince.computeIfAbsent(status.name(), n -> now);
        return Duration.between(since, now).compareTo(overdueAfter) > 0;
    }

    private Instant since(IncidentKind kind, WorkerStatus status, Instant now) {
        return switch (kind) {
            case FAILED -> status.lastError() != null ? status.lastError().at() : now;
            case STALLED -> status.lastHeartbeat();
            case PARKED -> now;
            case TIMER_OVERDUE -> dueSince.get(status.name());
        };
    }

    private String detail(IncidentKind kind, WorkerStatus status) {
        return switch (kind) {
            case FAILED -> "stopped by an error";
            case STALLED -> "no progress, " + count(status.lagEvents(), "event") + " behind";
            case PARKED -> count(status.parkedEvents(), "parked event");
            case TIMER_OVERDUE -> count(status.dueTimers(), "timer") + " due, not fired, for more than " + overdueAfter;
        };
    }

    /** {@code "1 parked event"}, {@code "2 parked events"}. */
    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
