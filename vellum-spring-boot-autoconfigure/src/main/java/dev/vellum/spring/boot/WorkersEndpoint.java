package dev.vellum.spring.boot;

import dev.vellum.worker.WorkerRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The actuator endpoint {@code vellum} ({@code /actuator/vellum}): this instance's node and every
 * worker's status, from memory; {@code /actuator/vellum/<worker>} for one. Expose it like any
 * endpoint ({@code management.endpoints.web.exposure.include=health,vellum}). Operator actions stay
 * with the Vellum server's API, which records who did what.
 */
@Endpoint(id = "vellum")
public class WorkersEndpoint {

    private final WorkerRegistry registry;

    /** Over {@code registry}. */
    public WorkersEndpoint(WorkerRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The node and its workers. */
    @ReadOperation
    public Map<String, Object> workers() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", registry.node());
        List<Map<String, Object>> workers = registry.statuses().stream().map(WorkerView::of).toList();
        body.put("workers", workers);
        return body;
    }

    /** One worker; {@code null} (404) when none of that name is registered. */
    @ReadOperation
    public Map<String, Object> worker(@Selector String name) {
        return registry.find(name).map(w -> WorkerView.of(registry.status(w.name()))).orElse(null);
    }
}
