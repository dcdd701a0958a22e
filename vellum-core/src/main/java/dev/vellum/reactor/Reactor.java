package dev.vellum.reactor;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.InvalidProjectionException;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.ProjectionProgress;
import dev.vellum.worker.spi.WorkerNames;
import dev.vellum.retry.Retries;
import dev.vellum.serde.EventTypes;
import dev.vellum.serde.UnknownEventTypeException;
import dev.vellum.store.EventStore;
import dev.vellum.store.InvalidNameException;
import dev.vellum.store.LogFilter;
import dev.vellum.time.Backoff;
import dev.vellum.time.VellumClock;
import dev.vellum.timer.TimerStore;
import dev.vellum.timer.TimerWriter;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reacts to recorded events with side effects (an email, a call to another service), replay-safe:
 *
 * <ol>
 * <li>It follows the global log from its own checkpoint, so it only ever sees committed events. For
 *     each event it {@linkplain EffectDecider decides} which effects to carry out, and puts them in
 *     its outbox <em>in the same transaction as its checkpoint</em>: a crash can neither lose a
 *     decision nor make it twice.</li>
 * <li>A worker carries out each effect from the outbox with an idempotency key derived from the
 *     reactor and the event, retries it with backoff, and records its outcome as an event
 *     ({@link EffectOutcomes}), once: the outcome's id is derived from the key.</li>
 * <li>Effects can wait for a person's approval; pending effects can be listed, approved, cancelled.</li>
 * </ol>
 *
 * <p><b>Never run by a rebuild or replay.</b> A reactor is not a projection: projection runners
 * cannot run it, so rebuilding a read model triggers nothing. A new reactor starts at the head of
 * the log unless told to {@link Builder#startFromBeginning()}, so it does not act on history. And
 * should it read events again (its checkpoint lost or reset), its decisions go to the outbox under
 * the same keys, where an effect that ran, failed or was cancelled is never revived.
 *
 * <pre>{@code
 * Reactor<OrderEvent> emails = Reactor.builder("confirmation-email", types, outcomes)
 *         .handles("OrderPlaced")
 *         .decide(event -> List.of(EffectRequest.of(emailJson(event))))
 *         .execute(effect -> mailer.send(effect.payload(), effect.key()))
 *         .build();
 * try (RunningReactor running = emails.start(store, readModel, timers)) { ... }
 * }</pre>
 *
 * <p>Run one instance of a reactor per store. On several nodes sharing a PostgreSQL database, run it
 * under {@code Leases} ({@code vellum-postgres}), which starts it on one node at a time and fences
 * its checkpoint and outbox writes, so a former owner cannot decide or mark anything after a
 * take-over (it can at worst carry out the one effect it was in the middle of again, under the same
 * key, its outcome still recorded once).
 *
 * @param <E> the outcome events
 */
public final class Reactor<E> {

    /** How long an effect waits at most for the projections it runs after, unless set. */
    static final Duration DEFAULT_AFTER_AT_MOST = Duration.ofMinutes(10);

    /** How an effect is retried unless set: 5 attempts from 1 s doubling up to 5 minutes. */
    public static final Retries DEFAULT_EFFECT_RETRIES = new Retries(5,
            new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)));

    private final ReactorSettings<E> settings;

    private Reactor(Builder<E> b) {
        if (b.decider == null || b.sideEffect == null) {
            throw new InvalidReactorException("Reactor '" + b.name + "' needs both decide(...) and execute(...).");
        }
        this.settings = new ReactorSettings<>(b.name, new LogFilter(b.categories, b.types), b.decider, b.sideEffect,
                b.eventTypes, b.outcomes, b.effectRetries, b.clock, b.fromBeginning, b.eventRetries, b.after,
                b.afterAtMost, Optional.ofNullable(b.progress));
    }

    /**
     * Starts defining a reactor.
     *
     * @param name 1-80 letters, digits, {@code _ - .} (the rule for every worker's name, {@link InvalidNameException}
     *     otherwise); its checkpoint and outbox are kept under it
     * @param types the registry the outcome events are serialized with
     * @param outcomes the events that record each effect's outcome
     */
    public static <E> Builder<E> builder(String name, EventTypes types, EffectOutcomes<E> outcomes) {
        return new Builder<>(name, types, outcomes);
    }

    /**
     * Starts it: the subscriber that fills the outbox from the log, and the worker that empties it.
     *
     * @param store the event store: read from, and where the outcomes are appended
     * @param checkpoints where its checkpoint lives; with a SQL read model the outbox is written in the
     *     checkpoint's transaction
     * @param outbox where its effects wait: a timer store that can also write inside {@code checkpoints}'
     *     transactions ({@code SqlTimerStore} with a SQL read model, {@code InMemoryTimerStore} in tests)
     */
    public <C extends ProjectionContext, S extends TimerStore & TimerWriter<? super C>> RunningReactor start(EventStore store,
            CheckpointStore<C> checkpoints, S outbox) {
        return ReactorHost.start(settings, store, checkpoints, outbox, outbox);
    }

    /** Its name. */
    public String name() {
        return settings.name();
    }

    /** Where its checkpoint is kept in a checkpoint store: {@code reactor.<name>}, version 1. */
    public ProjectionId checkpointId() {
        return settings.checkpointId();
    }

    /** Which events of the log it reads. */
    public LogFilter filter() {
        return settings.filter();
    }

    /**
     * Defines a {@link Reactor}; {@code decide} and {@code execute} are required. Every event type
     * and category, {@link #DEFAULT_EFFECT_RETRIES} for effects, {@link Retries#DEFAULT} for events,
     * the system clock, and a start at the head of the log unless set.
     *
     * @param <E> the outcome events
     */
    public static final class Builder<E> {

        private final String name;
        private final EventTypes eventTypes;
        private final EffectOutcomes<E> outcomes;
        private Set<String> types = Set.of();
        private Set<String> categories = Set.of();
        private EffectDecider decider;
        private SideEffect sideEffect;
        private Retries effectRetries = DEFAULT_EFFECT_RETRIES;
        private VellumClock clock = VellumClock.system();
        private boolean fromBeginning;
        private Retries eventRetries = Retries.DEFAULT;
        private List<String> after = List.of();
        private Duration afterAtMost = DEFAULT_AFTER_AT_MOST;
        private ProjectionProgress progress;

        private Builder(String name, EventTypes types, EffectOutcomes<E> outcomes) {
            this.name = WorkerNames.check("reactor", name, "confirmation-email");
            this.eventTypes = Objects.requireNonNull(types, "types");
            this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        }

        /** The event types it reacts to; every type unless set. */
        public Builder<E> handles(String... eventTypes) {
            this.types = Set.of(eventTypes);
            return this;
        }

        /**
         * The event types it reacts to, as the record classes {@code registry} maps them to (the
         * registry of the events it reacts to, which may be another than its outcomes'): their names
         * there, and the old names renamed to them. A class the registry does not know fails here,
         * where a misspelt name would match nothing.
         *
         * @throws UnknownEventTypeException when a class is not registered in {@code registry}
         */
        public Builder<E> handles(EventTypes registry, Class<?>... eventClasses) {
            this.types = registry.typeNamesOf(eventClasses);
            return this;
        }

        /** Only events of streams in these categories; every category unless set. */
        public Builder<E> categories(String... streamCategories) {
            this.categories = Set.of(streamCategories);
            return this;
        }

        /** Decides the effects of each event; required. */
        public Builder<E> decide(EffectDecider newDecider) {
            this.decider = Objects.requireNonNull(newDecider, "decider");
            return this;
        }

        /** Carries the effects out; required. */
        public Builder<E> execute(SideEffect newSideEffect) {
            this.sideEffect = Objects.requireNonNull(newSideEffect, "sideEffect");
            return this;
        }

        /**
         * How an effect is retried after it failed, each attempt under the same idempotency key, the
         * waits measured on the reactor's {@linkplain #clock clock}, before its failure is recorded as
         * an outcome; {@link #DEFAULT_EFFECT_RETRIES} unless set.
         */
        public Builder<E> effectRetries(Retries retries) {
            this.effectRetries = Objects.requireNonNull(retries, "retries");
            return this;
        }

        /** The clock effects are due by and retried by; the system clock unless set. */
        public Builder<E> clock(VellumClock newClock) {
            this.clock = Objects.requireNonNull(newClock, "clock");
            return this;
        }

        /**
         * Makes a new reactor (one without a checkpoint) read the log from its first event, acting on
         * all of history, instead of starting at the head. Use it when a reactor must catch up on
         * events recorded before it existed.
         */
        public Builder<E> startFromBeginning() {
            this.fromBeginning = true;
            return this;
        }

        /**
         * How an event is retried when deciding on it or storing the decisions fails (the decider
         * throws, the read-model database is briefly unreachable): in place, before any later event,
         * up to the attempts given, then the reactor fails before it. {@link Retries#DEFAULT}
         * (about 6 minutes) unless set; {@link Retries#none()} fails at the first error.
         *
         * <p>Handling an event again is harmless: its decisions and its checkpoint commit in one
         * transaction, so a failed attempt stored nothing, and the effects' keys derive from the
         * reactor, the event and the decision's index, so an attempt whose commit went through but
         * whose reply was lost writes the same outbox entries again, which scheduling by key does not
         * duplicate (an ended effect never revives). Each effect is decided and carried out once.
         */
        public Builder<E> eventRetries(Retries retries) {
            this.eventRetries = Objects.requireNonNull(retries, "retries");
            return this;
        }

        /**
         * Runs each effect only once every projection named here has applied the effect's event
         * ("don't send the welcome email until the user directory shows the user"): its serving
         * version's checkpoint has reached the event's position. Named, not handed over: whichever
         * version serves queries is followed, through restarts, resets and rebuilds that take over.
         *
         * <p>An effect waiting for them spends no attempt, holds no lock or transaction (other
         * reactors and timers in the same SQLite file go on), and shows in the reactor's status
         * ({@link dev.vellum.worker.WorkerStatus#waiting()}: the projection, the position it needs and
         * the one it reached). It is asked again at least once a second, and runs within about a second
         * of the projections getting there. It waits at most {@link #afterAtMost} (10 minutes unless
         * set, by the reactor's clock, from when the worker first found it waiting; a restart starts
         * the wait over), then runs anyway, with a warning in the log: a projection that is down does
         * not stop the effect for good (its own status and alerts say it is down).
         *
         * <p>Where the checkpoints are read: from the checkpoint store the reactor is started with,
         * which serves when the projections keep their checkpoints beside the reactor's (one SQLite
         * read model, or PostgreSQL read by every node), unless {@link #projectionProgress} says otherwise.
         *
         * @param projections projection names (not versions), e.g. {@code "user-directory"}
         * @throws InvalidReactorException when none is given or a name is invalid
         */
        public Builder<E> after(String... projections) {
            if (projections.length == 0) {
                throw new InvalidReactorException("Reactor '" + name + "' was told to run after no projection: name"
                        + " one or more, e.g. after(\"user-directory\").");
            }
            for (String projection : projections) {
                try {
                    ProjectionId.checkName(projection);
                } catch (InvalidProjectionException e) {
                    throw new InvalidReactorException("Reactor '" + name + "' cannot run after '" + projection
                            + "': " + e.getMessage());
                }
            }
            this.after = List.copyOf(new LinkedHashSet<>(List.of(projections)));
            return this;
        }

        /**
         * The longest an effect waits for the projections it runs {@link #after} before it runs
         * anyway; 10 minutes unless set.
         *
         * @throws InvalidReactorException when not positive
         */
        public Builder<E> afterAtMost(Duration maxWait) {
            if (maxWait.isNegative() || maxWait.isZero()) {
                throw new InvalidReactorException("Reactor '" + name + "' needs a positive longest wait for its"
                        + " projections, got " + maxWait + ".");
            }
            this.afterAtMost = maxWait;
            return this;
        }

        /**
         * Where the checkpoints of the projections it runs {@link #after} are read, e.g.
         * {@code ProjectionProgress.of(readModel, registry)} for projections kept in another read model,
         * read from memory while they run in this process; the checkpoint store it is started with
         * unless set.
         */
        public Builder<E> projectionProgress(ProjectionProgress newProgress) {
            this.progress = Objects.requireNonNull(newProgress, "progress");
            return this;
        }

        /** The reactor. @throws InvalidReactorException when decide or execute is missing */
        public Reactor<E> build() {
            return new Reactor<>(this);
        }
    }
}
