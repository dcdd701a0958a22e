package dev.vellum.projection;

import dev.vellum.store.Position;
import dev.vellum.worker.Worker;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import java.util.Objects;
import java.util.Optional;

/**
 * How far the version of a projection that serves queries has got, by the projection's name: what a
 * reactor that runs only after projections asks ({@code Reactor.Builder.after}). Asked by name, it
 * follows whichever version serves (the {@link CheckpointStore#activeVersion active} one), through
 * restarts, resets and rebuilds that take over.
 */
@FunctionalInterface
public interface ProjectionProgress {

    /**
     * The version of projection {@code name} that serves queries and its checkpoint; empty when no
     * version of it has started. Answers without waiting for a projection's batch.
     */
    Optional<Serving> serving(String name);

    /**
     * A projection version that serves queries and how far it has got.
     *
     * @param id the version
     * @param checkpoint every event up to here is applied (or parked)
     */
    record Serving(ProjectionId id, Position checkpoint) {

        /** Checks that nothing is missing. */
        public Serving {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(checkpoint, "checkpoint");
        }
    }

    /**
     * From the checkpoint store the projection saves its checkpoints in: the active version and its
     * saved checkpoint (the lowest of its partitions). On PostgreSQL this sees the projection on
     * whichever node runs it.
     */
    static ProjectionProgress of(CheckpointStore<?> store) {
        Objects.requireNonNull(store, "store");
        // the active generation, not generation 1 of the active version: after an operator's rebuild
        // the first generation's checkpoints are gone
        return name -> store.active(name).map(id -> new Serving(id,
                store.checkpoints(id).map(Checkpoints::low).orElse(Position.START)));
    }

    /**
     * The active version from {@code store}, and its checkpoint from memory when it runs in this
     * process, registered in {@code registry} (its status, which also counts the events it passed
     * over); from {@code store} otherwise (it runs on another node, or is not registered).
     */
    static ProjectionProgress of(CheckpointStore<?> store, WorkerRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        ProjectionProgress saved = of(store);
        return name -> saved.serving(name).map(serving -> registry.find(serving.id().workerName())
                .map(Worker::status).filter(status -> status.state() != WorkerState.STANDBY)
                .filter(status -> status.checkpoint().isAfter(serving.checkpoint()))
                .map(status -> new Serving(serving.id(), status.checkpoint())).orElse(serving));
    }
}
