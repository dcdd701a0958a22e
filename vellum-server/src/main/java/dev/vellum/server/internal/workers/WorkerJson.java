package dev.vellum.server.internal.workers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.RunningProjection;
import dev.vellum.reactor.PendingEffect;
import dev.vellum.server.internal.Json;
import dev.vellum.timer.StoredTimer;
import dev.vellum.worker.ActionOutcome;
import dev.vellum.worker.OperatorAction;
import dev.vellum.worker.PartitionLag;
import dev.vellum.worker.RecordedAction;
import dev.vellum.worker.WorkerError;
import dev.vellum.worker.WorkerStatus;
import java.time.Instant;
import java.util.Optional;

/** The workers' statuses, effects, timers and operator actions as the API shows them. */
final class WorkerJson {

    private WorkerJson() {
    }

    /** A worker's whole status. */
    static ObjectNode status(WorkerStatus s) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", s.name());
        node.put("kind", s.kind().name());
        node.put("state", s.state().name());
        node.put("checkpoint", s.checkpoint().value());
        node.put("head", s.head().value());
        node.put("lagEvents", s.lagEvents());
        node.put("lagSeconds", s.lag().toMillis() / 1000.0);
        node.put("eventsPerSecond", s.eventsPerSecond());
        if (s.lastError() == null) {
            node.putNull("lastError");
        } else {
            node.set("lastError", error(s.lastError()));
        }
        node.put("parkedEvents", s.parkedEvents());
        node.put("pendingEffects", s.pendingEffects());
        node.put("dueTimers", s.dueTimers());
        node.put("expiredTimers", s.expiredTimers());
        node.put("node", s.node());
        if (s.lease() == null) {
            node.putNull("lease");
        } else {
            node.putObject("lease").put("name", s.lease().name()).put("owner", s.lease().owner())
                    .put("token", s.lease().token());
        }
        node.put("lastHeartbeat", s.lastHeartbeat().toString());
        if (s.retrying() == null) {
            node.putNull("retrying");
        } else {
            node.putObject("retrying").put("error", String.valueOf(s.retrying().lastError()))
                    .put("attempt", s.retrying().attempt()).put("since", text(s.retrying().since()))
                    .put("nextAttempt", text(s.retrying().nextAttempt()));
        }
        node.put("storeUnreachableSince", text(s.storeUnreachableSince()));
        if (s.waiting() == null) {
            node.putNull("waiting");
        } else {
            ObjectNode waiting = node.putObject("waiting").put("on", s.waiting().on()).put("until", s.waiting().until().value());
            if (s.waiting().reached() == null) {
                waiting.putNull("reached");
            } else {
                waiting.put("reached", s.waiting().reached().value());
            }
            waiting.put("since", text(s.waiting().since()));
        }
        ArrayNode partitions = node.putArray("partitions");
        for (PartitionLag p : s.partitions()) {
            partitions.addObject().put("topic", p.topic()).put("partition", p.partition()).put("committed", p.committed())
                    .put("end", p.end()).put("lag", p.lag()).put("stopped", p.stopped());
        }
        return node;
    }

    /**
     * Which copy of a projection serves (name, version, generation) and the rebuild building beside it,
     * with its progress; {@code rebuild} is {@code null} when none runs.
     */
    static ObjectNode projection(RunningProjection projection) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        ProjectionId id = projection.id();
        node.put("name", id.name()).put("version", id.version()).put("generation", id.generation());
        Optional<RunningProjection> rebuild = projection.rebuilding();
        if (rebuild.isEmpty()) {
            node.putNull("rebuild");
        } else {
            WorkerStatus s = rebuild.get().status();
            node.putObject("rebuild").put("worker", s.name()).put("generation", rebuild.get().id().generation())
                    .put("state", s.state().name()).put("checkpoint", s.checkpoint().value())
                    .put("head", s.head().value()).put("lagEvents", s.lagEvents())
                    .put("eventsPerSecond", s.eventsPerSecond());
        }
        return node;
    }

    private static ObjectNode error(WorkerError e) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("type", e.type()).put("message", e.message());
        if (e.position() == null) {
            node.putNull("position");
        } else {
            node.put("position", e.position().value());
        }
        return node.put("at", e.at().toString());
    }

    /** A reactor's effect that has not ended. */
    static ObjectNode effect(PendingEffect e) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("key", e.key());
        node.put("state", e.awaitingApproval() ? "AWAITING_APPROVAL" : e.lastError() != null ? "FAILED" : "SCHEDULED");
        node.put("payload", e.effect().payload());
        node.put("sourceStream", e.effect().sourceStream().value());
        node.put("sourcePosition", e.effect().sourcePosition().value());
        node.put("attempts", e.attempts());
        node.put("nextAttempt", text(e.nextAttempt()));
        node.put("lastError", e.lastError());
        return node;
    }

    /**
     * A timer, with its deadline ({@code null} when it has none) and when it fired, failed for good,
     * expired or was cancelled ({@code null} while it has not).
     */
    static ObjectNode timer(StoredTimer t) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", t.timer().id());
        node.put("process", t.timer().process());
        node.put("due", t.timer().due().toString());
        node.put("deadline", text(t.timer().deadline()));
        node.put("state", t.state().name());
        node.put("attempts", t.attempts());
        node.put("nextAttempt", text(t.nextAttempt()));
        node.put("lastError", t.lastError());
        node.put("endedAt", text(t.endedAt()));
        return node;
    }

    /** An entry of the operator log: who asked what, when and why, and what became of it. */
    static ObjectNode recorded(RecordedAction entry) {
        ObjectNode node = action(entry.action());
        if (entry.outcome().isPresent()) {
            node.set("outcome", outcome(entry.outcome().get()));
        } else {
            node.putNull("outcome");
        }
        return node;
    }

    /** An operator action. */
    static ObjectNode action(OperatorAction a) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", a.id().toString());
        node.put("worker", a.worker());
        node.put("control", a.control().name());
        node.put("target", a.target());
        node.put("actor", a.actor());
        node.put("reason", a.reason());
        node.put("at", a.at().toString());
        return node;
    }

    /** What became of an action. */
    static ObjectNode outcome(ActionOutcome o) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("result", o.result().name());
        node.put("node", o.node());
        node.put("errorType", o.errorType());
        node.put("message", o.message());
        node.put("at", o.at().toString());
        return node;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
