package dev.vellum.decider;

import dev.vellum.decider.internal.SnapshotSettings;
import dev.vellum.retry.Retries;
import dev.vellum.serde.EventTypes;
import dev.vellum.snapshot.SnapshotPolicy;
import dev.vellum.snapshot.SnapshotStore;
import dev.vellum.snapshot.StateFormat;
import dev.vellum.store.EventStore;
import dev.vellum.time.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * Configures a {@link CommandHandler}; every setting has a default: retries as
 * {@link #DEFAULT_RETRIES}, no snapshots, a state cache of {@link #DEFAULT_CACHED_STATES} streams.
 *
 * @param <C> the commands
 * @param <S> the state
 * @param <E> the events
 */
public final class CommandHandlerBuilder<C, S, E> {

    /**
     * 11 attempts (10 retries after a conflict), waits capped from 1 ms doubling up to 100 ms, each
     * uniformly random below its cap ({@link Backoff#fullJitter}).
     */
    public static final Retries DEFAULT_RETRIES = new Retries(11, new Backoff(Duration.ofMillis(1), Duration.ofMillis(100)));

    /** The most idle streams whose states a handler keeps unless told otherwise. */
    public static final int DEFAULT_CACHED_STATES = 10_000;

    private final EventStore store;
    private final EventTypes types;
    private final Class<E> eventType;
    private final Decider<C, S, E> decider;
    private Retries retries = DEFAULT_RETRIES;
    private SnapshotSettings<S> snapshots;
    private boolean recordRejections;
    private int cachedStates = DEFAULT_CACHED_STATES;

    CommandHandlerBuilder(EventStore store, EventTypes types, Class<E> eventType, Decider<C, S, E> decider) {
        this.store = Objects.requireNonNull(store, "store");
        this.types = Objects.requireNonNull(types, "types");
        this.eventType = Objects.requireNonNull(eventType, "eventType");
        this.decider = Objects.requireNonNull(decider, "decider");
    }

    /**
     * How often a command is decided after revision conflicts, the first decision included, and how
     * long to wait in between: before each retry a random time between zero and the backoff's wait
     * ("full jitter"), so that handlers that lost together do not collide again in lockstep. When the
     * attempts run out, the command raises {@link CommandConflictException}; {@link Retries#none()}
     * raises it at the first conflict. {@link #DEFAULT_RETRIES} unless set.
     */
    public CommandHandlerBuilder<C, S, E> retries(Retries newRetries) {
        this.retries = Objects.requireNonNull(newRetries, "retries");
        return this;
    }

    /**
     * Loads states from snapshots kept in {@code store}, and takes them as {@code policy} says.
     *
     * @param format how the state is written, under which name and schema version
     */
    public CommandHandlerBuilder<C, S, E> snapshots(SnapshotStore store, SnapshotPolicy policy, StateFormat<S> format) {
        this.snapshots = new SnapshotSettings<>(store, policy, format);
        return this;
    }

    /**
     * Records every rejected command as a {@link CommandRejection} event in a stream of its own
     * beside the aggregate's ({@link CommandRejection#streamOf}), so that a read model can show
     * later why a command failed; off unless set. The aggregate's stream stays as it was, and the
     * result is still {@link CommandResult.Rejected}. A rejection is recorded once per command id;
     * if recording it fails (the store is down), {@code handle} raises the store's error and the
     * command may be sent again under its id.
     */
    public CommandHandlerBuilder<C, S, E> recordRejections() {
        this.recordRejections = true;
        return this;
    }

    /**
     * How many idle streams' states the handler keeps, each with its revision, so that the next
     * command for one of them is decided with no read: the least recently used is dropped first.
     * A kept state is checked by the append's exact expected revision, so a state another writer
     * has outdated costs one refused append, a read and a second decision, and never a wrong
     * result. 0 turns the cache off (every command for an idle stream reads it first), for states
     * too large to keep or streams that other writers change most of the time.
     * {@link #DEFAULT_CACHED_STATES} unless set.
     *
     * @throws IllegalArgumentException when negative
     */
    public CommandHandlerBuilder<C, S, E> stateCache(int entries) {
        if (entries < 0) {
            throw new IllegalArgumentException("A state cache holds 0 (off) or more entries, got " + entries);
        }
        this.cachedStates = entries;
        return this;
    }

    /**
     * The handler. When snapshots are on, the decider's initial state is written and read back
     * through the format once here, so a state Jackson cannot handle fails now rather than at the
     * first snapshot.
     *
     * @throws dev.vellum.snapshot.StateFormatException when the state format cannot handle the initial state
     */
    public CommandHandler<C, S, E> build() {
        if (snapshots != null) {
            StateFormat<S> format = snapshots.format();
            format.read(format.write(decider.initialState()));
        }
        StateLoader<S, E> loader = new StateLoader<>(store, types, eventType, decider, snapshots);
        return new CommandHandler<>(store, types, eventType, decider, retries, loader, new SnapshotTaker<>(snapshots),
                recordRejections, cachedStates);
    }
}
