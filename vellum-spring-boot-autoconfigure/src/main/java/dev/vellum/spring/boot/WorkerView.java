package dev.vellum.spring.boot;

import dev.vellum.worker.PartitionLag;
import dev.vellum.worker.WorkerStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A worker's status as the actuator shows it (the {@code vellum} endpoint, the health details): plain
 * values only, the same fields as {@code GET /api/workers} of the Vellum server.
 */
public final class WorkerView {

    private WorkerView() {
    }

    /** The fields of {@code status} worth showing, in a stable order; absent ones left out. */
    public static Map<String, Object> of(WorkerStatus status) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", status.name());
        view.put("kind", status.kind().name().toLowerCase());
        view.put("state", status.state().name().toLowerCase());
        if (status.node() != null) {
            view.put("node", status.node());
        }
        if (status.lease() != null) {
            view.put("leaseOwner", status.lease().owner());
        }
        view.put("checkpoint", status.checkpoint().value());
        view.put("head", status.head().value());
        view.put("lagEvents", status.lagEvents());
        view.put("lagSeconds", status.lag().toMillis() / 1000.0);
        view.put("eventsPerSecond", status.eventsPerSecond());
        view.put("parkedEvents", status.parkedEvents());
        view.put("pendingEffects", status.pendingEffects());
        view.put("dueTimers", status.dueTimers());
        if (status.expiredTimers() > 0) {
            view.put("expiredTimers", status.expiredTimers());
        }
        if (!status.partitions().isEmpty()) {
            view.put("partitions", status.partitions().stream().map(WorkerView::partition).toList());
        }
        view.put("lastHeartbeat", status.lastHeartbeat().toString());
        if (status.lastError() != null) {
            view.put("lastError", status.lastError().toString());
        }
        if (status.retrying() != null) {
            view.put("retrying", status.retrying().lastError().toString());
            view.put("nextAttempt", status.retrying().nextAttempt().toString());
        }
        Instant unreachable = status.storeUnreachableSince();
        if (unreachable != null) {
            view.put("storeUnreachableSince", unreachable.toString());
        }
        return view;
    }

    private static Map<String, Object> partition(PartitionLag p) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("topic", p.topic());
        view.put("partition", p.partition());
        view.put("committed", p.committed());
        view.put("end", p.end());
        view.put("lag", p.lag());
        view.put("stopped", p.stopped());
        return view;
    }
}
