package dev.vellum.process;

import dev.vellum.decider.Decider;
import dev.vellum.projection.ProjectionId;
import dev.vellum.retry.Retries;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.LogFilter;
import dev.vellum.time.VellumClock;

/**
 * A process manager as its host runs it: what {@code ProcessManager.Builder} was told, checked and
 * immutable.
 *
 * @param name the process manager's name
 * @param types the registry of its events and of the events it observes
 * @param eventType its events' common type
 * @param decider how an instance decides on inputs and evolves
 * @param correlator how events are matched to instances
 * @param actions what follows from its events
 * @param filter which events of the log it reads
 * @param clock the clock its timers are due by
 * @param startsFromBeginning true when a new process manager reads the log from its first event rather than its head
 * @param eventRetries how an observed event whose handling failed is retried before the process manager fails
 * @param <S> an instance's state
 * @param <E> the process's events
 */
record ProcessSettings<S, E>(String name, EventTypes types, Class<E> eventType, Decider<ProcessInput, S, E> decider,
        Correlator correlator, ProcessActions<E> actions, LogFilter filter, VellumClock clock,
        boolean startsFromBeginning, Retries eventRetries) {

    /** The category of its instances' streams: its name, each {@code -} written as {@code :}. */
    public String streamCategory() {
        return name.replace('-', ':');
    }

    /** Where its checkpoint is kept: {@code process.<name>}, version 1. */
    public ProjectionId checkpointId() {
        return ProjectionId.of("process." + name, 1);
    }

    /** The process name its timers are kept under. */
    public String timerProcess() {
        return "process." + name;
    }
}
