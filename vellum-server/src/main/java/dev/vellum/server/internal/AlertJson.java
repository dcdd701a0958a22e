package dev.vellum.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vellum.worker.WorkerError;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerState;
import java.time.Instant;
import java.util.UUID;

/**
 * The JSON shape of an alert's incident, which the webhook receiver and {@code GET /api/alerts}
 * both see. It takes the incident's values rather than the public {@code Incident}, since the alerts
 * package uses it and this package names no public package of the server (decision record 43).
 */
public final class AlertJson {

    private AlertJson() {
    }

    /**
     * An incident as a JSON object.
     *
     * @param id the incident's id
     * @param incident what went wrong, e.g. {@code FAILED}
     * @param worker the worker's name
     * @param kind the worker's kind
     * @param state the worker's state when last looked at; {@code null} once it is no longer registered
     * @param lastError the worker's last error; {@code null} when none
     * @param detail the short human description
     * @param node the node it runs on; {@code null} when unknown
     * @param since when the trouble began
     */
    public static ObjectNode incident(UUID id, String incident, String worker, WorkerKind kind, WorkerState state,
            WorkerError lastError, String detail, String node, Instant since) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("id", id.toString());
        json.put("incident", incident);
        json.put("worker", worker);
        json.put("kind", kind.name());
        json.put("state", state == null ? (String) null : state.name());
        json.put("detail", detail);
        json.put("node", node);
        json.put("since", since.toString());
        if (lastError == null) {
            json.putNull("lastError");
        } else {
            ObjectNode e = json.putObject("lastError");
            e.put("type", lastError.type());
            e.put("message", lastError.message());
            if (lastError.position() == null) {
                e.putNull("position");
            } else {
                e.put("position", lastError.position().value());
            }
            e.put("at", lastError.at().toString());
        }
        return json;
    }
}
