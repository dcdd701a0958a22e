package dev.vellum.reactor;

import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.ProjectionProgress;
import dev.vellum.retry.Retries;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.LogFilter;
import dev.vellum.time.VellumClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A reactor as its host runs it: what {@code Reactor.Builder} was told, checked and immutable.
 *
 * @param name the reactor's name
 * @param filter which events it reads
 * @param decider what it decides per event
 * @param sideEffect what carries its effects out
 * @param types the registry its outcome events are serialized with
 * @param outcomes the events that record outcomes
 * @param effectRetries how an effect is retried before it is recorded as failed
 * @param clock the clock effects are due by
 * @param startsFromBeginning true when a new reactor reads the log from its first event rather than its head
 * @param eventRetries how an event whose decisions could not be stored is retried before the reactor fails
 * @param after the projections each effect runs after; empty when it runs at once
 * @param afterAtMost the longest an effect waits for {@code after} before it runs anyway
 * @param projectionProgress where it reads how far those projections got; empty for its own checkpoint store
 * @param <E> the outcome events
 */
record ReactorSettings<E>(String name, LogFilter filter, EffectDecider decider, SideEffect sideEffect,
        EventTypes types, EffectOutcomes<E> outcomes, Retries effectRetries, VellumClock clock,
        boolean startsFromBeginning, Retries eventRetries, List<String> after, Duration afterAtMost,
        Optional<ProjectionProgress> projectionProgress) {

    /** Copies {@code after}. */
    public ReactorSettings {
        after = List.copyOf(after);
    }

    /** Where its checkpoint is kept in a checkpoint store: {@code reactor.<name>}, version 1. */
    public ProjectionId checkpointId() {
        return ProjectionId.of("reactor." + name, 1);
    }

    /** The process name its effects are kept under in the outbox (a timer store). */
    public String outboxProcess() {
        return "reactor." + name;
    }
}
