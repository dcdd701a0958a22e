package dev.vellum.server.internal.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vellum.server.alerts.Alert;
import dev.vellum.server.alerts.Alerts;
import dev.vellum.server.alerts.Incident;
import dev.vellum.server.internal.Access;
import dev.vellum.server.internal.AlertJson;
import dev.vellum.server.internal.Json;
import dev.vellum.server.internal.RouteGroup;
import dev.vellum.server.internal.Routes;
import io.javalin.http.Context;

/**
 * {@code GET /api/alerts} (viewer): the incidents open now and those resolved lately, from the
 * server's {@link Alerts}, in memory. A server without alerts answers that none run, with empty
 * lists, so its API description is one document whatever the configuration.
 */
public final class AlertRoutes implements RouteGroup {

    private final Alerts alerts;

    /** Routes over {@code alerts}, which may be {@code null}. */
    public AlertRoutes(Alerts alerts) {
        this.alerts = alerts;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/alerts", Access.VIEWER, this::incidents);
    }

    private void incidents(Context ctx) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("enabled", alerts != null);
        ArrayNode open = body.putArray("open");
        ArrayNode resolved = body.putArray("resolved");
        if (alerts != null) {
            alerts.openIncidents().forEach(i -> open.add(json(i)));
            for (Alert alert : alerts.recentlyResolved()) {
                resolved.add(json(alert.incident()).put("resolvedAt", alert.at().toString()));
            }
        }
        Json.answer(ctx, 200, body);
    }

    private static ObjectNode json(Incident i) {
        return AlertJson.incident(i.id(), i.kind().name(), i.worker(), i.workerKind(), i.state(), i.lastError(),
                i.detail(), i.node(), i.since());
    }
}
