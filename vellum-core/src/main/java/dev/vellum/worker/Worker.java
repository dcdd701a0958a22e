package dev.vellum.worker;

import dev.vellum.store.Position;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A long-running worker, whatever its kind: what an operator sees ({@link #status()}, from memory)
 * and does (its {@link #controls()}). Projections, reactors, process managers, integration publishers
 * and timer schedulers all are workers; a {@link WorkerRegistry} lists those of a process.
 *
 * <p>Every kind can be paused and resumed. The other controls apply to some kinds only; asking a
 * worker for one its kind does not have throws {@link ControlNotSupportedException} and changes
 * nothing, and {@link #controls()} says which ones it has, so an API or a console can offer only
 * those. Prefer {@link WorkerRegistry#act} to calling the controls directly: it records who did what,
 * and reaches the worker on whichever node runs it.
 */
public interface Worker {

    /** Its name, unique in a registry: a projection's {@code name@vN}, {@code reactor.<name>}, and so on. */
    String name();

    /** What kind of worker it is. */
    WorkerKind kind();

    /** Its status now, from memory: it never waits for a handler, a batch, a lock or the database. */
    WorkerStatus status();

    /**
     * The worker doing the work in this process, for what only its own type shows (a projection's
     * parked events, a reactor's pending effects, a process manager's timers): itself; for a worker
     * registered under a lease (vellum-postgres), the one running here while this node holds the
     * lease, and empty while another node runs it.
     */
    default Optional<Worker> runningHere() {
        return Optional.of(this);
    }

    /** The controls it has; always {@link WorkerControl#PAUSE} and {@link WorkerControl#RESUME}. */
    Set<WorkerControl> controls();

    /**
     * Stops taking new work, keeping its checkpoint; what it is doing (a batch, an effect) is finished
     * first. Its state is {@link WorkerState#PAUSED} until {@link #resume()}. Pausing a paused or
     * stopped worker changes nothing.
     */
    void pause();

    /**
     * Goes on from its checkpoint: after a pause, and also after it stopped or failed (once the cause is
     * fixed). Resuming a running worker changes nothing.
     */
    void resume();

    /**
     * The work it parked that no operator has retried or skipped yet, in the order parked: a
     * projection's events, an inbox's records. Empty for the kinds that park nothing (those without
     * {@link WorkerControl#RETRY_PARKED}). Read where its kind keeps them: a projection asks its
     * checkpoint store, an inbox answers from memory.
     */
    default List<? extends ParkedWork> parked() {
        return List.of();
    }

    /**
     * Applies a parked event (or record) again, after a fix, and removes it from {@link #parked()}.
     *
     * @throws ControlNotSupportedException when its kind parks nothing
     */
    default void retryParked(Position position) {
        throw new ControlNotSupportedException(name(), kind(), WorkerControl.RETRY_PARKED);
    }

    /**
     * Removes a parked event (or record) from {@link #parked()} without applying it.
     *
     * @throws ControlNotSupportedException when its kind parks nothing
     */
    default void skipParked(Position position) {
        throw new ControlNotSupportedException(name(), kind(), WorkerControl.SKIP_PARKED);
    }

    /**
     * Replays the log from its start: a projection clears its read model and builds it again; a reactor
     * decides on every event again, under the same keys, so only effects never decided run.
     *
     * @throws ControlNotSupportedException when its kind cannot be replayed safely
     */
    default void reset() {
        throw new ControlNotSupportedException(name(), kind(), WorkerControl.RESET);
    }

    /**
     * Starts building its read model again beside the one serving queries, from the log's start; the
     * one serving goes on serving (and following the log) until the new one has caught up and takes
     * over in one step. A projection's rebuild without downtime.
     *
     * @throws ControlNotSupportedException when its kind has no read model to build again
     */
    default void rebuild() {
        throw new ControlNotSupportedException(name(), kind(), WorkerControl.REBUILD);
    }

    /**
     * Abandons the rebuild started by {@link #rebuild()}: the read model being built stops and is
     * dropped, and the one serving queries goes on as if it had never been asked for.
     *
     * @throws ControlNotSupportedException when its kind has no read model to build again
     */
    default void cancelRebuild() {
        throw new ControlNotSupportedException(name(), kind(), WorkerControl.CANCEL_REBUILD);
    }

    /**
     * Lets an effect that waits for approval run.
     *
     * @throws ControlNotSupportedException when its kind has no effects
     */
    default void approveEffect(String key) {
        throw new ControlNotSupportedException(name(), kind(), WorkerControl.APPROVE_EFFECT);
    }

    /**
     * Cancels an effect that has not run yet; it never runs.
     *
     * @throws ControlNotSupportedException when its kind has no effects
     */
    default void cancelEffect(String key) {
        throw new ControlNotSupportedException(name(), kind(), WorkerControl.CANCEL_EFFECT);
    }
}
