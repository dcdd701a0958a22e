package dev.vellum.server.internal.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vellum.server.internal.Access;
import dev.vellum.server.internal.Json;
import dev.vellum.server.internal.RouteGroup;
import dev.vellum.server.internal.Routes;
import dev.vellum.server.internal.workers.Workers;
import dev.vellum.store.EventStore;
import dev.vellum.store.VellumException;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import io.javalin.http.Context;

/**
 * {@code GET /health}, readable without credentials: 200 with {@code "status": "ready"} when the
 * store answers and no worker is {@code FAILED} or {@code STALLED}, 503 with {@code "status": "not-ready"}
 * and the reasons otherwise. The workers' states are read from memory.
 */
public final class HealthRoutes implements RouteGroup {

    private final EventStore store;
    private final Workers workers;

    /** Health of {@code store} and {@code workers}. */
    public HealthRoutes(EventStore store, Workers workers) {
        this.store = store;
        this.workers = workers;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/health", Access.PUBLIC, this::health);
    }

    private void health(Context ctx) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("status", "ready");
        ObjectNode checks = body.putObject("checks");
        ObjectNode storeCheck = checks.putObject("store");
        boolean ready = true;
        try {
            storeCheck.put("status", "ready").put("head", store.head().value());
        } catch (VellumException e) {
            ready = false;
            storeCheck.put("status", "not-ready").put("reason", e.getMessage());
        }
        ObjectNode workerCheck = checks.putObject("workers");
        ArrayNode reasons = Json.MAPPER.createArrayNode();
        for (WorkerStatus status : workers.statuses()) {
            if (status.state() == WorkerState.FAILED || status.state() == WorkerState.STALLED) {
                reasons.add("Worker '" + status.name() + "' is " + status.state()
                        + (status.lastError() == null ? "" : ": " + status.lastError()));
            }
        }
        workerCheck.put("status", reasons.isEmpty() ? "ready" : "not-ready");
        if (!reasons.isEmpty()) {
            ready = false;
            workerCheck.set("reasons", reasons);
        }
        body.put("status", ready ? "ready" : "not-ready");
        Json.answer(ctx, ready ? 200 : 503, body);
    }
}
