package dev.vellum.process;

import dev.vellum.decider.Decider;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionId;
import dev.vellum.worker.spi.WorkerNames;
import dev.vellum.retry.Retries;
import dev.vellum.serde.EventTypes;
import dev.vellum.serde.UnknownEventTypeException;
import dev.vellum.store.EventStore;
import dev.vellum.store.InvalidNameException;
import dev.vellum.store.LogFilter;
import dev.vellum.time.VellumClock;
import dev.vellum.timer.TimerStore;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A long-running process across aggregates, as event-sourced state of its own:
 *
 * <ul>
 * <li>It follows the log from its checkpoint and {@linkplain Correlator correlates} events to
 *     process instances.</li>
 * <li>Each instance is an aggregate of its own, in stream {@code <category>-<instance id>} (the
 *     {@linkplain #streamCategory() category} is the name, {@code -} written as {@code :}), with a
 *     {@link Decider} over {@link ProcessInput}s: observed events, the results (accepted or
 *     rejected) of the commands it sent, its timers firing. Every input is handled as an idempotent
 *     command on that stream, through the same command handling as any aggregate.</li>
 * <li>Its recorded events lead to {@linkplain ProcessActions actions}: commands sent through a
 *     {@link CommandRouter} under ids derived from the event, and durable timers.</li>
 * </ul>
 *
 * <p>After a crash anywhere, handling the same input again finds it recorded, derives the same
 * actions, and sends the same commands under the same ids: each has its effect once.
 *
 * <p>Run one instance of a process manager per store. On several nodes sharing a PostgreSQL
 * database, run it under {@code Leases} ({@code vellum-postgres}): one node at a time, with its
 * checkpoint and timers written only while it holds the lease.
 *
 * @param <S> an instance's state
 * @param <E> the process's events
 */
public final class ProcessManager<S, E> {

    private final ProcessSettings<S, E> settings;

    private ProcessManager(Builder<S, E> b) {
        if (b.decider == null || b.correlator == null || b.actions == null) {
            throw new InvalidProcessManagerException("Process manager '" + b.name
                    + "' needs decider(...), correlate(...) and actions(...).");
        }
        List<String> unknown = b.eventTypes.stream().filter(type -> !b.types.isRegistered(type)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new InvalidProcessManagerException("Process manager '" + b.name + "' handles " + unknown
                    + ", which its EventTypes does not register, so it would never observe them: register them,"
                    + " fix the names, or name the types by their classes with handles(Class...).");
        }
        this.settings = new ProcessSettings<>(b.name, b.types, b.eventType, b.decider, b.correlator, b.actions,
                new LogFilter(b.categories, b.eventTypes), b.clock, b.fromBeginning, b.eventRetries);
    }

    /**
     * Starts defining a process manager.
     *
     * @param name 1-80 letters, digits, {@code _}, {@code -} or {@code .} (the rule for every worker's
     *     name, {@link InvalidNameException} otherwise); see {@link #streamCategory()} for its streams
     * @param types the registry its own events (and the events it observes) are serialized with
     * @param eventType its events' common type, usually a sealed interface
     */
    public static <S, E> Builder<S, E> builder(String name, EventTypes types, Class<E> eventType) {
        return new Builder<>(name, types, eventType);
    }

    /**
     * Starts following the log and firing its timers.
     *
     * @param store the event store
     * @param checkpoints where its checkpoint lives
     * @param timers where its timers are kept (durably, in a real deployment)
     * @param router where the commands it sends go
     */
    public <C extends ProjectionContext> RunningProcess<S> start(EventStore store, CheckpointStore<C> checkpoints,
            TimerStore timers, CommandRouter router) {
        return ProcessHost.start(settings, store, checkpoints, timers, router);
    }

    /** Its name. */
    public String name() {
        return settings.name();
    }

    /**
     * The category of its instances' streams ({@code <category>-<instance id>}): its name, with each
     * {@code -} written as {@code :}, because a {@code -} ends a stream's category. A name without
     * {@code -} is its own category ({@code pointsassignment-a1}); {@code points-assignment} writes
     * {@code points:assignment-a1}, and no other name can give that category, since names hold no
     * {@code :}.
     */
    public String streamCategory() {
        return settings.streamCategory();
    }

    /** Where its checkpoint is kept: {@code process.<name>}, version 1. */
    public ProjectionId checkpointId() {
        return settings.checkpointId();
    }

    /** Which events of the log it reads. */
    public LogFilter filter() {
        return settings.filter();
    }

    /**
     * Defines a {@link ProcessManager}; the decider, correlator and actions are required. Every
     * event type and category, {@link Retries#DEFAULT}, the system clock, and a start at the head
     * of the log unless set.
     *
     * @param <S> an instance's state
     * @param <E> the process's events
     */
    public static final class Builder<S, E> {

        private final String name;
        private final EventTypes types;
        private final Class<E> eventType;
        private Decider<ProcessInput, S, E> decider;
        private Correlator correlator;
        private ProcessActions<E> actions;
        private Set<String> categories = Set.of();
        private Set<String> eventTypes = Set.of();
        private VellumClock clock = VellumClock.system();
        private boolean fromBeginning;
        private Retries eventRetries = Retries.DEFAULT;

        private Builder(String name, EventTypes types, Class<E> eventType) {
            this.name = WorkerNames.check("process manager", name, "points-assignment");
            this.types = Objects.requireNonNull(types, "types");
            this.eventType = Objects.requireNonNull(eventType, "eventType");
        }

        /** How an instance decides on its inputs and evolves with its events; required. */
        public Builder<S, E> decider(Decider<ProcessInput, S, E> newDecider) {
            this.decider = Objects.requireNonNull(newDecider, "decider");
            return this;
        }

        /** Which instance an observed event belongs to; required. */
        public Builder<S, E> correlate(Correlator newCorrelator) {
            this.correlator = Objects.requireNonNull(newCorrelator, "correlator");
            return this;
        }

        /** What follows from each of its events; required. */
        public Builder<S, E> actions(ProcessActions<E> newActions) {
            this.actions = Objects.requireNonNull(newActions, "actions");
            return this;
        }

        /**
         * The event types it observes; every type unless set. Each must be registered in its
         * {@link EventTypes}, which deserializes what it observes; {@link #build()} checks that.
         */
        public Builder<S, E> handles(String... types) {
            this.eventTypes = Set.of(types);
            return this;
        }

        /**
         * The event types it observes, as record classes of its {@link EventTypes}: their names
         * there, and the old names renamed to them.
         *
         * @throws UnknownEventTypeException when a class is not registered
         */
        public Builder<S, E> handles(Class<?>... eventClasses) {
            this.eventTypes = types.typeNamesOf(eventClasses);
            return this;
        }

        /** Only events of streams in these categories; every category unless set. */
        public Builder<S, E> categories(String... streamCategories) {
            this.categories = Set.of(streamCategories);
            return this;
        }

        /** The clock its timers are due by; the system clock unless set. */
        public Builder<S, E> clock(VellumClock newClock) {
            this.clock = Objects.requireNonNull(newClock, "clock");
            return this;
        }

        /** Makes a new process manager read the log from its first event instead of its head. */
        public Builder<S, E> startFromBeginning() {
            this.fromBeginning = true;
            return this;
        }

        /**
         * How an observed event is retried when handling it fails (a command it sends fails with a
         * database error, the read-model database is briefly unreachable while its checkpoint or a
         * timer is written): in place, before any later event, up to the attempts given, then the
         * process manager fails before it. {@link Retries#DEFAULT} (about 6 minutes) unless set;
         * {@link Retries#none()} fails at the first error. An {@link UnroutableCommandException}
         * is never retried.
         *
         * <p>Handling an event again is harmless: the input it makes is a command on the instance's
         * stream under an id derived from the event, so a second attempt finds it recorded and gets
         * its first result; the commands that follow carry ids derived from the process event and the
         * action's index, which their handlers answer with their first results; timers are scheduled
         * by ids derived from the instance and the timer's name, and a fired or cancelled one never
         * revives. Each command has its effect once.
         */
        public Builder<S, E> eventRetries(Retries retries) {
            this.eventRetries = Objects.requireNonNull(retries, "retries");
            return this;
        }

        /**
         * The process manager.
         *
         * @throws InvalidProcessManagerException when the decider, correlator or actions are missing,
         *     or it handles a type name its {@link EventTypes} does not register
         */
        public ProcessManager<S, E> build() {
            return new ProcessManager<>(this);
        }
    }
}
