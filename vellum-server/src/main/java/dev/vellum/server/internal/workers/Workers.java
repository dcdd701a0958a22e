package dev.vellum.server.internal.workers;

import dev.vellum.server.internal.ProblemType;
import dev.vellum.server.internal.RequestException;
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

    /**
     * The worker {@code name} doing the work on this node, for what only it can show (parked events,
     * effects, timers, process instances).
     *
     * @throws UnknownWorkerException when none of that name is registered
     * @throws RequestException 409 {@code worker-elsewhere} while another node runs it
     */
    Worker runningHere(String name) {
        Worker registered = get(name);
        return registered.runningHere().orElseThrow(() -> new RequestException(ProblemType.WORKER_ELSEWHERE,
                "Worker '" + registered.name() + "' runs on another node now (" + registered.status().state()
                        + " here): ask the server of the node that runs it; its actions can be sent from here."));
    }

    /** The 404 for {@code worker}, whose kind keeps no {@code what}: only {@code kinds} do. */
    static RequestException notKept(Worker worker, String what, String kinds) {
        return new RequestException(ProblemType.NOT_FOUND, "Worker '" + worker.name() + "' is a " + worker.kind()
                + ", which keeps no " + what + ": only a " + kinds + " does.");
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
