package dev.vellum.postgres;

import dev.vellum.store.Position;
import dev.vellum.worker.ControlNotSupportedException;
import dev.vellum.worker.ParkedWork;
import dev.vellum.worker.Worker;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerElsewhereException;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerLease;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A worker registered under a lease, as one node's registry sees it: while this node holds the lease,
 * the worker that runs here (its status placed on this node under the lease, its controls carried
 * out); otherwise {@link WorkerState#STANDBY}, and a control called on it directly is refused
 * ({@link WorkerElsewhereException}) so that it goes through the registry to the node that runs it.
 */
final class LeasedWorker implements Worker {

    private final String name;
    private final WorkerKind kind;
    private final String lease;
    private final LeaseLoop loop;
    private final Instant registered = Instant.now();

    /** The worker {@code name} of {@code kind} that runs under lease {@code lease} of {@code loop}. */
    public LeasedWorker(String name, WorkerKind kind, String lease, LeaseLoop loop) {
        this.name = name;
        this.kind = kind;
        this.lease = lease;
        this.loop = loop;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public WorkerKind kind() {
        return kind;
    }

    @Override
    public WorkerStatus status() {
        Optional<LeaseLoop.Held> held = loop.peek(lease);
        if (held.isPresent() && held.get().running() instanceof Worker worker) {
            return worker.status().placed(loop.owner(), new WorkerLease(lease, loop.owner(), held.get().token()));
        }
        return new WorkerStatus(name, kind, WorkerState.STANDBY, Position.START, Position.START, 0, Duration.ZERO, 0,
                null, 0, 0, 0, null, null, registered, null, null);
    }

    /** The worker running under the lease while this node holds it; empty while another node runs it. */
    @Override
    public Optional<Worker> runningHere() {
        return loop.peek(lease).map(LeaseLoop.Held::running).filter(Worker.class::isInstance).map(Worker.class::cast);
    }

    @Override
    public Set<WorkerControl> controls() {
        return kind.controls();
    }

    /** Does {@code action} to the worker running here; refuses a control of another kind, or when it runs elsewhere. */
    private void here(WorkerControl control, Consumer<Worker> action) {
        if (!kind.controls().contains(control)) {
            throw new ControlNotSupportedException(name, kind, control);
        }
        Optional<LeaseLoop.Held> held = loop.peek(lease);
        if (held.isEmpty() || !(held.get().running() instanceof Worker worker)) {
            throw new WorkerElsewhereException(name, control, loop.owner());
        }
        action.accept(worker);
    }

    @Override
    public void pause() {
        here(WorkerControl.PAUSE, Worker::pause);
    }

    @Override
    public void resume() {
        here(WorkerControl.RESUME, Worker::resume);
    }

    /** The parked work of the worker running here; empty while another node runs it, as its status counts none. */
    @Override
    public List<? extends ParkedWork> parked() {
        return runningHere().<List<? extends ParkedWork>>map(Worker::parked).orElse(List.of());
    }

    @Override
    public void retryParked(Position position) {
        here(WorkerControl.RETRY_PARKED, w -> w.retryParked(position));
    }

    @Override
    public void skipParked(Position position) {
        here(WorkerControl.SKIP_PARKED, w -> w.skipParked(position));
    }

    @Override
    public void reset() {
        here(WorkerControl.RESET, Worker::reset);
    }

    @Override
    public void rebuild() {
        here(WorkerControl.REBUILD, Worker::rebuild);
    }

    @Override
    public void cancelRebuild() {
        here(WorkerControl.CANCEL_REBUILD, Worker::cancelRebuild);
    }

    @Override
    public void approveEffect(String key) {
        here(WorkerControl.APPROVE_EFFECT, w -> w.approveEffect(key));
    }

    @Override
    public void cancelEffect(String key) {
        here(WorkerControl.CANCEL_EFFECT, w -> w.cancelEffect(key));
    }
}
