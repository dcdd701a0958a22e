package dev.vellum.server.internal.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vellum.server.internal.Access;
import dev.vellum.server.internal.Json;
import dev.vellum.server.internal.RouteGroup;
import dev.vellum.server.internal.Routes;
import dev.vellum.store.EventStore;
import dev.vellum.store.VellumException;
import io.javalin.http.Context;

/**
 * {@code GET /health}, readable without credentials: 200 with {@code "status": "ready"} when the
 * store answers, 503 with {@code "status": "not-ready"} and the reasons when it does not.
 */
public final class HealthRoutes implements RouteGroup {

    private final EventStore store;

    /** Health of {@code store}. */
    public HealthRoutes(EventStore store) {
        this.store = store;
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
        body.put("status", ready ? "ready" : "not-ready");
        Json.answer(ctx, ready ? 200 : 503, body);
    }
}
