package dev.vellum.spring.boot;

import dev.vellum.worker.Worker;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerStatus;
import java.util.Objects;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * One health indicator per worker of the registry, under {@code /actuator/health/vellum/<worker>}:
 * {@code DOWN} when the worker {@code FAILED}, {@code OUT_OF_SERVICE} when it is {@code STALLED},
 * {@code UP} otherwise (running, catching up, retrying, paused, or on standby while another instance
 * runs it), with its status and the reason (its last error) in the details. Read from memory: it
 * never waits for a handler or the database.
 */
public final class WorkersHealthContributor implements CompositeHealthContributor {

    private final WorkerRegistry registry;

    /** The workers of {@code registry}, as they come and go. */
    public WorkersHealthContributor(WorkerRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The health of one worker's status. */
    public static Health health(WorkerStatus status) {
        Health.Builder builder = switch (status.state()) {
            case FAILED -> Health.down();
            case STALLED -> Health.outOfService();
            default -> Health.up();
        };
        if (status.lastError() != null) {
            builder.withDetail("reason", status.lastError().toString());
        }
        return builder.withDetails(WorkerView.of(status)).build();
    }

    @Override
    public HealthContributor getContributor(String name) {
        return registry.find(name).map(this::indicator).orElse(null);
    }

    @Override
    public Stream<Entry> stream() {
        return registry.workers().stream().map(w -> new Entry(w.name(), indicator(w)));
    }

    private HealthIndicator indicator(Worker worker) {
        return () -> health(registry.status(worker.name()));
    }
}
