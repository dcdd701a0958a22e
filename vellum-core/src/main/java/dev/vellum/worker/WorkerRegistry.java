package dev.vellum.worker;

import dev.vellum.store.EventStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.Subscription;
import dev.vellum.time.TransientFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers running in one process (one node), and the operator actions on them. The HTTP API, the
 * metrics and the alerts read it; runners register into it ({@code ProjectionRunner.Builder.registry},
 * vellum-postgres {@code Leases.Builder.registry}), and any other worker is registered by hand.
 *
 * <pre>{@code
 * try (WorkerRegistry workers = WorkerRegistry.open(store, "node-1")) {
 *     ProjectionRunner runner = ProjectionRunner.builder(store).registry(workers).build();
 *     workers.register(emails.start(store, readModel, outbox));
 *     workers.statuses();                                         // every worker, from memory
 *     workers.act(OperatorAction.of("reactor.emails", WorkerControl.APPROVE_EFFECT, key, "ann", "checked"));
 *     workers.actions();                                          // the operator log
 * }
 * }</pre>
 *
 * <p><b>Operator actions</b> ({@link #act}) are recorded as events in the store's reserved stream
 * {@code $operator-actions}, with who, when, what and why, and listed by {@link #actions()}. A worker
 * that runs here ({@link WorkerState#STANDBY} aside) is controlled at once and the outcome recorded in
 * the same event. A worker registered here that runs on another node (leased there) gets the action
 * through the stream: every registry follows it from the head it saw when it opened, carries out the
 * actions addressed to workers that run on its node, and records their outcomes, which
 * {@link #awaitOutcome} waits for. See decision record 21.
 *
 * <p>{@link #watch} tells a listener of each change of a worker's state, for alerts and live screens.
 */
public final class WorkerRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerRegistry.class);

    private final String node;
    private final ActionLog log;
    private final Map<String, Worker> workers = new ConcurrentHashMap<>();
    private final Map<UUID, ActionOutcome> outcomes = new ConcurrentHashMap<>();
    private final Map<UUID, ActionOutcome> unrecorded = new ConcurrentHashMap<>(); // carried out, outcome not yet stored
    private final Subscription following;

    private WorkerRegistry(EventStore store, String node) {
        this.node = node;
        this.log = new ActionLog(store);
        this.following = store.subscribe(store.head(), LogFilter.categories(ActionLog.CATEGORY), this::follow);
    }

    /**
     * A registry for node {@code node} (a name unique among the nodes sharing the store), recording
     * operator actions in {@code store} and following them there.
     */
    public static WorkerRegistry open(EventStore store, String node) {
        Objects.requireNonNull(store, "store");
        if (node == null || node.isBlank() || node.length() > 200) {
            throw new IllegalArgumentException("node must be 1 to 200 characters, got '" + node + "'");
        }
        return new WorkerRegistry(store, node);
    }

    /** This node's name, shown in the statuses of the workers that run here. */
    public String node() {
        return node;
    }

    /**
     * Adds {@code worker}.
     *
     * @throws DuplicateWorkerException when a worker of that name is registered already
     */
    public void register(Worker worker) {
        Objects.requireNonNull(worker, "worker");
        if (workers.putIfAbsent(worker.name(), worker) != null) {
            throw new DuplicateWorkerException(worker.name(), node);
        }
    }

    /** Adds {@code worker}, in place of the one registered under its name if any (a projection started again). */
    public void replace(Worker worker) {
        workers.put(worker.name(), Objects.requireNonNull(worker, "worker"));
    }

    /** Removes the worker {@code name}, if it is registered; it keeps running. */
    public void unregister(String name) {
        workers.remove(name);
    }

    /** Removes {@code worker} if it is the one registered under its name. */
    public void unregister(Worker worker) {
        workers.remove(worker.name(), worker);
    }

    /** Every worker registered, by name. */
    public List<Worker> workers() {
        return workers.values().stream().sorted(Comparator.comparing(Worker::name)).toList();
    }

    /** The worker {@code name}, if registered. */
    public Optional<Worker> find(String name) {
        return Optional.ofNullable(workers.get(name));
    }

    /**
     * The worker {@code name}.
     *
     * @throws UnknownWorkerException when none of that name is registered
     */
    public Worker get(String name) {
        Worker worker = workers.get(name);
        if (worker == null) {
            throw new UnknownWorkerException(name, node);
        }
        return worker;
    }

    /**
     * The status of every worker, by name, from memory, each showing this node unless it runs elsewhere.
     * A worker whose status throws shows as {@code FAILED} with that error, so the others stay in view.
     */
    public List<WorkerStatus> statuses() {
        return workers().stream().map(this::statusOrFailure).toList();
    }

    /**
     * The status of worker {@code name}, from memory; {@code FAILED} with the error when its status throws.
     *
     * @throws UnknownWorkerException when none of that name is registered
     */
    public WorkerStatus status(String name) {
        return statusOrFailure(get(name));
    }

    /** The status of {@code worker}, or, when it throws (a worker registered by hand), a {@code FAILED} one saying why. */
    private WorkerStatus statusOrFailure(Worker worker) {
        try {
            return status(worker);
        } catch (RuntimeException e) {
            LOG.error("The status of worker '{}' on node '{}' could not be read; it shows as FAILED", worker.name(),
                    node, e);
            Instant now = Instant.now();
            WorkerError cause = WorkerError.of(e, null, now);
            return new WorkerStatus(worker.name(), worker.kind(), WorkerState.FAILED, Position.START, Position.START,
                    0, Duration.ZERO, 0, new WorkerError(cause.type(), "its status could not be read: " + cause.message(),
                    null, now), 0, 0, 0, node, null, now, null, null);
        }
    }

    private WorkerStatus status(Worker worker) {
        WorkerStatus status = worker.status();
        return status.node() == null && status.state() != WorkerState.STANDBY ? status.placed(node, status.lease()) : status;
    }

    /**
     * Carries out {@code action} and records it in the operator log. On a worker that runs here it is
     * done at once: the outcome is recorded and returned ({@code DONE}), or recorded and thrown when the
     * control failed ({@code FAILED}: a parked event that is not parked, an effect that no longer
     * waits). On a worker that runs on another node it is recorded for that node, which carries it
     * out and records the outcome: this returns {@code SENT}; {@link #awaitOutcome} waits for the rest.
     *
     * @throws UnknownWorkerException when no worker of that name is registered here; nothing recorded
     * @throws ControlNotSupportedException when its kind has no such control; nothing recorded
     */
    public ActionOutcome act(OperatorAction action) {
        Objects.requireNonNull(action, "action");
        Worker worker = get(action.worker());
        if (!worker.controls().contains(action.control())) {
            throw new ControlNotSupportedException(worker.name(), worker.kind(), action.control());
        }
        if (worker.status().state() == WorkerState.STANDBY) {
            log.requested(action);
            return new ActionOutcome(action.id(), ActionOutcome.Result.SENT, node, null, null, Instant.now());
        }
        RuntimeException failure = null;
        try {
            apply(worker, action);
        } catch (RuntimeException e) {
            failure = e;
        }
        ActionOutcome outcome = record(action, failure);
        if (failure != null) {
            throw failure;
        }
        return outcome;
    }

    /**
     * Waits until the outcome of action {@code id} is recorded (by whichever node carried it out), at
     * most {@code timeout}.
     */
    public Optional<ActionOutcome> awaitOutcome(UUID id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (outcomes) {
            while (!outcomes.containsKey(id)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                outcomes.wait(Math.max(1, left / 1_000_000));
            }
            return Optional.of(outcomes.get(id));
        }
    }

    /**
     * Tells {@code listener} of every change of a worker's state (a worker registered counts as one,
     * from {@code null}), looking at the statuses every {@code every} on a thread of its own, from
     * memory. For alerts and live screens; a listener that throws, or a worker's status, is logged and
     * the change told at the next look again. Close the handle to stop watching.
     */
    public AutoCloseable watch(Duration every, Consumer<StateChange> listener) {
        Objects.requireNonNull(listener, "listener");
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("every must be positive, got " + every);
        }
        Map<String, WorkerState> seen = new ConcurrentHashMap<>();
        Thread watcher = Thread.ofPlatform().daemon().name("vellum-workers-watch-" + node).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (Worker worker : workers()) {
                    tell(worker, seen, listener);
                }
                seen.keySet().retainAll(workers.keySet());
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return watcher::interrupt;
    }

    /**
     * Tells {@code listener} when {@code worker}'s state is not the one it was last told of. A status or a
     * listener that throws is logged, and the worker looked at again at the next turn: the watch goes on.
     */
    private void tell(Worker worker, Map<String, WorkerState> seen, Consumer<StateChange> listener) {
        try {
            WorkerStatus status = status(worker);
            WorkerState before = seen.get(status.name());
            if (before != status.state()) {
                listener.accept(new StateChange(status.name(), before, status.state(), status));
                seen.put(status.name(), status.state());
            }
        } catch (RuntimeException e) {
            LOG.error("A watcher of node '{}' failed on the state of '{}'; it looks again at the next turn", node,
                    worker.name(), e);
        }
    }

    /** The operator log: every action recorded in the store, by any node, in the order asked, with its outcome. */
    public List<RecordedAction> actions() {
        return log.all();
    }

    private static void apply(Worker worker, OperatorAction action) {
        switch (action.control()) {
            case PAUSE -> worker.pause();
            case RESUME -> worker.resume();
            case RETRY_PARKED -> worker.retryParked(action.position());
            case SKIP_PARKED -> worker.skipParked(action.position());
            case RESET -> worker.reset();
            case REBUILD -> worker.rebuild();
            case CANCEL_REBUILD -> worker.cancelRebuild();
            case APPROVE_EFFECT -> worker.approveEffect(action.target());
            case CANCEL_EFFECT -> worker.cancelEffect(action.target());
        }
    }

    private ActionOutcome record(OperatorAction action, RuntimeException failure) {
        ActionOutcome outcome = outcome(action, failure);
        log.taken(action, outcome);
        return outcome;
    }

    private ActionOutcome outcome(OperatorAction action, RuntimeException failure) {
        return failure == null
                ? new ActionOutcome(action.id(), ActionOutcome.Result.DONE, node, null, null, Instant.now())
                : new ActionOutcome(action.id(), ActionOutcome.Result.FAILED, node, failure.getClass().getName(),
                        failure.getMessage(), Instant.now());
    }

    /**
     * Carries out the actions sent to workers that run here; notes every outcome recorded. An event it
     * cannot read is logged and passed over, so the operator log never stops being followed. A store that
     * does not answer (a {@link TransientFailure}) has the subscription take the event again after a
     * backoff, so no outcome is lost to a database restart.
     */
    private void follow(RecordedEvent event) {
        try {
            take(event);
        } catch (RuntimeException e) {
            if (TransientFailure.isIn(e)) {
                throw e;
            }
            LOG.error("Node '{}' could not carry out the operator log's event at position {}; passed over",
                    node, event.position(), e);
        }
    }

    private void take(RecordedEvent event) {
        if (event.type().equals(ActionLog.TAKEN)) {
            ActionLog.Taken taken = ActionLog.taken(event);
            synchronized (outcomes) {
                outcomes.putIfAbsent(taken.action().id(), taken.outcome());
                outcomes.notifyAll();
            }
        } else if (event.type().equals(ActionLog.REQUESTED)) {
            OperatorAction action = ActionLog.request(event);
            Worker worker = workers.get(action.worker());
            ActionOutcome done = unrecorded.get(action.id());
            if (done != null) { // carried out when the store did not answer: recorded now, not done twice
                log.taken(action, done);
                unrecorded.remove(action.id());
            } else if (worker != null && worker.status().state() != WorkerState.STANDBY
                    && !outcomes.containsKey(action.id())) {
                RuntimeException failure = null;
                try {
                    apply(worker, action);
                } catch (RuntimeException e) {
                    failure = e;
                }
                ActionOutcome outcome = outcome(action, failure);
                unrecorded.put(action.id(), outcome);
                log.taken(action, outcome);
                unrecorded.remove(action.id());
            }
        }
    }

    /** Stops following the operator log; the workers keep running (close them, or their runners). */
    @Override
    public void close() {
        following.close();
    }
}
