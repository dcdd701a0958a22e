package dev.vellum.server.internal.workers;

import dev.vellum.worker.ActionOutcome;
import dev.vellum.worker.OperatorAction;
import dev.vellum.worker.RecordedAction;
import dev.vellum.worker.UnknownWorkerException;
import dev.vellum.worker.Worker;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerStatus;
import java.util.List;

/**
 * The worker registry a server was given, or none: a server without one serves the same routes, with
 * no workers and an empty operator log, so its API description holds either way.
 */
public final class Workers {

    private static final String NO_REGISTRY = "(no worker registry)";

    private final WorkerRegistry registry;

    /** Over {@code registry}, which may be {@code null}. */
    public Workers(WorkerRegistry registry) {
        this.registry = registry;
    }

    /** The registry's node; {@code null} without one. */
    String node() {
        return registry == null ? null : registry.node();
    }

    /** Every worker's status, from memory. */
    public List<WorkerStatus> statuses() {
        return registry == null ? List.of() : registry.statuses();
    }

    /** The worker {@code name}. @throws UnknownWorkerException when none of that name is registered */
    Worker get(String name) {
        if (registry == null) {
            throw new UnknownWorkerException(name, NO_REGISTRY);
        }
        return registry.get(name);
    }

    /** The status of {@code worker}, as {@link #get} found it, placed on this node. */
    WorkerStatus status(Worker worker) {
        return registry.status(worker.name());
    }

    /** {@link WorkerRegistry#act}. @throws UnknownWorkerException without a registry */
    ActionOutcome act(OperatorAction action) {
        if (registry == null) {
            throw new UnknownWorkerException(action.worker(), NO_REGISTRY);
        }
        return registry.act(action);
    }

    /** The operator log; empty without a registry. */
    List<RecordedAction> actions() {
        return registry == null ? List.of() : registry.actions();
    }
}
