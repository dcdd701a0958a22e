package dev.vellum.server.alerts.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vellum.server.alerts.Alert;
import dev.vellum.server.alerts.Incident;
import dev.vellum.server.internal.Json;
import dev.vellum.worker.WorkerError;
import java.util.Locale;

/** An alert as the webhook receiver sees it, and an open incident as the API would show it. */
public final class AlertJson {

    private AlertJson() {
    }

    /** The webhook body of {@code alert}. */
    public static String body(Alert alert) {
        ObjectNode node = incident(alert.incident());
        node.put("phase", alert.phase().name().toLowerCase(Locale.ROOT));
        node.put("at", alert.at().toString());
        return node.toString();
    }

    /** {@code incident} as a JSON object. */
    public static ObjectNode incident(Incident incident) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", incident.id().toString());
        node.put("incident", incident.kind().name());
        node.put("worker", incident.worker());
        node.put("kind", incident.workerKind().name());
        node.put("state", incident.state() == null ? (String) null : incident.state().name());
        node.put("detail", incident.detail());
        node.put("node", incident.node());
        node.put("since", incident.since().toString());
        WorkerError error = incident.lastError();
        if (error == null) {
            node.putNull("lastError");
        } else {
            ObjectNode e = node.putObject("lastError");
            e.put("type", error.type());
            e.put("message", error.message());
            if (error.position() == null) {
                e.putNull("position");
            } else {
                e.put("position", error.position().value());
            }
            e.put("at", error.at().toString());
        }
        return node;
    }
}
