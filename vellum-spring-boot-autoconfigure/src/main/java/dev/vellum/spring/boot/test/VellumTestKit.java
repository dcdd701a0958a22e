package dev.vellum.spring.boot.test;

import dev.vellum.store.EventStore;
import dev.vellum.store.Position;
import dev.vellum.time.ManualClock;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link VellumTest} injects: the test clock, and a wait until the application's workers have
 * done everything the log asks of them so far.
 */
public final class VellumTestKit {

    /** How long {@link #awaitIdle()} waits. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final ManualClock clock;
    private final EventStore store;
    private final WorkerRegistry registry;

    /** Over the test's clock, the store and the workers running on it. */
    public VellumTestKit(ManualClock clock, EventStore store, WorkerRegistry registry) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = Objects.requireNonNull(store, "store");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The test clock: the application's {@code VellumClock} bean. */
    public ManualClock clock() {
        return clock;
    }

    /** Moves the test clock forward by {@code step}: timers and effect retries due by then run now. */
    public void advance(Duration step) {
        clock.advance(step);
    }

    /** {@link #awaitIdle(Duration)} for {@link #DEFAULT_TIMEOUT}. */
    public void awaitIdle() throws InterruptedException {
        awaitIdle(DEFAULT_TIMEOUT);
    }

    /**
     * Waits until every running worker has caught up with the log's head and has no effect or timer
     * waiting: projections have applied every event, reactors carried out and recorded every effect,
     * process managers decided on every event and fired every due timer. Paused workers, and those on
     * standby or stopped, are not waited for.
     *
     * @throws AssertionError when a worker failed (with its last error), or when they are not idle
     *     within {@code timeout} (with what each still waits for: an effect waiting for its retry needs
     *     the clock {@linkplain #advance moved} past its backoff)
     */
    public void awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Position head = store.head();
            List<WorkerStatus> busy = registry.statuses().stream().filter(s -> busy(s, head)).toList();
            for (WorkerStatus status : busy) {
                if (status.state() == WorkerState.FAILED) {
                    throw new AssertionError("Worker " + status.name() + " failed: " + status.lastError());
                }
            }
            if (busy.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The workers were not idle within " + timeout + " (head " + head.value()
                        + "): " + busy.stream().map(VellumTestKit::describe).toList());
            }
            Thread.sleep(10);
        }
    }

    private static boolean busy(WorkerStatus status, Position head) {
        if (status.state() == WorkerState.PAUSED || status.state() == WorkerState.STANDBY
                || status.state() == WorkerState.STOPPED) {
            return false;
        }
        if (status.state() == WorkerState.FAILED || status.pendingEffects() > 0 || status.dueTimers() > 0) {
            return true;
        }
        return status.kind() != WorkerKind.TIMER_SCHEDULER && head.isAfter(status.checkpoint());
    }

    private static String describe(WorkerStatus status) {
        return status.name() + " " + status.state().name().toLowerCase() + " at " + status.checkpoint().value()
                + ", " + status.pendingEffects() + " pending effects, " + status.dueTimers() + " due timers";
    }
}
