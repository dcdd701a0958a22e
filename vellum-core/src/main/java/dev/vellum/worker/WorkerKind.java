package dev.vellum.worker;

import java.util.EnumSet;
import java.util.Set;

/** What kind of long-running work a {@link Worker} does; each kind has its own {@link #controls()}. */
public enum WorkerKind {
    /** Builds a read model from the log ({@code RunningProjection}). */
    PROJECTION(WorkerControl.RETRY_PARKED, WorkerControl.SKIP_PARKED, WorkerControl.RESET, WorkerControl.REBUILD,
            WorkerControl.CANCEL_REBUILD),
    /** Decides side effects from the log and carries them out through its outbox ({@code RunningReactor}). */
    REACTOR(WorkerControl.APPROVE_EFFECT, WorkerControl.CANCEL_EFFECT, WorkerControl.RESET),
    /** Correlates events into process instances that send commands and set timers ({@code RunningProcess}). */
    PROCESS_MANAGER,
    /** Delivers external events to a sink ({@code IntegrationPublisher}). */
    INTEGRATION_PUBLISHER,
    /** Fires the timers of one process ({@code TimerScheduler}). */
    TIMER_SCHEDULER,
    /**
     * Takes records in from Kafka topics and appends them as events, each once (vellum-kafka's
     * {@code KafkaInbox}); the records it cannot read are parked, and retried or skipped.
     */
    INBOX(WorkerControl.RETRY_PARKED, WorkerControl.SKIP_PARKED);

    private final Set<WorkerControl> controls;

    WorkerKind(WorkerControl... more) {
        EnumSet<WorkerControl> all = EnumSet.of(WorkerControl.PAUSE, WorkerControl.RESUME);
        all.addAll(Set.of(more));
        this.controls = Set.copyOf(all);
    }

    /** The controls every worker of this kind has: {@link Worker#controls()}. */
    public Set<WorkerControl> controls() {
        return controls;
    }
}
