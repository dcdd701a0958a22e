package dev.vellum.decider;

import dev.vellum.decider.internal.Bound;
import dev.vellum.retry.Retries;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.EventStore;
import dev.vellum.store.StreamId;
import java.time.Instant;
import java.util.Objects;

/**
 * Runs commands against one kind of aggregate: loads the state (from the newest usable snapshot
 * plus the events after it), lets the {@link Decider} decide, and appends the events with the exact
 * expected revision, in one atomic append. Thread-safe; build one per decider and share it.
 *
 * <pre>{@code
 * CommandHandler<OrderCommand, Order, OrderEvent> orders = CommandHandler
 *         .builder(store, types, OrderEvent.class, Order.DECIDER)
 *         .snapshots(snapshotStore, SnapshotPolicy.every(100), StateFormat.json("order", 1, Order.class))
 *         .build();
 * CommandResult<OrderEvent> result = orders.handle(StreamId.of("order", 42), new PlaceOrder(...),
 *         CommandMetadata.of(requestId).withCorrelationId(checkoutId));
 * }</pre>
 *
 * <ul>
 * <li><b>Results.</b> A decision becomes a {@link CommandResult}: accepted with the events, or
 *     rejected with a code and reason. An exception thrown by {@code decide} (or {@code evolve}) is a
 *     bug: it propagates, and nothing is appended.</li>
 * <li><b>One stream, one queue.</b> Commands this handler gets for one stream at the same time are
 *     queued and decided one after another, each on the state the ones before it left, and the
 *     events of those waiting together are appended as one atomic append (a rejected command adds
 *     nothing to it, a command whose {@code decide} throws fails alone). So commands on a hot
 *     aggregate do not collide inside one process, and a busy stream is not read again between
 *     batches: the state one batch ended in serves the next, checked by the append's expected
 *     revision. {@link #stats()} counts what contention costs, {@link #answers()} what the
 *     handler answered and how long its callers waited.</li>
 * <li><b>State cache.</b> When a stream goes idle, the handler keeps the state it last decided
 *     from, with its revision, in a bounded cache ({@link CommandHandlerBuilder#stateCache(int)}):
 *     the next command for that stream is decided from it and appended with that revision as the
 *     exact expected revision, with no read. When another writer appended in between, the store
 *     refuses the append; the handler drops the state, reads the stream and decides again at once,
 *     so correctness never depends on the cache. {@link #cacheStats()} counts hits, misses and
 *     stale states.</li>
 * <li><b>Conflicts.</b> When another writer appended first (another node, another handler), the
 *     handler reloads and decides again, as its {@link Retries} allow, then raises
 *     {@link CommandConflictException}.</li>
 * <li><b>Idempotency.</b> The ids of a command's events are derived from the stream, the command id
 *     and the event's index. A command whose id was already handled on the stream gets its original
 *     result from the stored events, also after a restart, and appends nothing: its append is
 *     recognised by those ids, and a decision that appends nothing (or fails) is checked against
 *     the log first, so a resend is answered the same whatever deciding it again would say. No
 *     look-up precedes an accepted command. Rejections append nothing, so a rejected command sent
 *     again is decided again.</li>
 * <li><b>Rejections</b> append nothing to the aggregate; {@link CommandHandlerBuilder#recordRejections()}
 *     records each as a {@link CommandRejection} in a stream of its own, for a read model.</li>
 * <li><b>Metadata.</b> Every event carries the command's correlation and causation ids and the
 *     command id (see {@link CommandMetadata}).</li>
 * <li><b>Time travel.</b> {@link #loadAsOf(StreamId, long)} and {@link #loadAsOf(StreamId, Instant)}
 *     give the state as it was.</li>
 * </ul>
 *
 * @param <C> the commands
 * @param <S> the state
 * @param <E> the events
 */
public final class CommandHandler<C, S, E> {

    private final StateLoader<S, E> loader;
    private final ContentionCounters counters = new ContentionCounters();
    private final StateCache<S> cache;
    private final StreamLanes<C, S, E> lanes;

    CommandHandler(EventStore store, EventTypes types, Class<E> eventType, Decider<C, S, E> decider,
            Retries retries, StateLoader<S, E> loader, SnapshotTaker<S> snapshots, boolean recordRejections,
            int cachedStates) {
        this.loader = loader;
        this.cache = new StateCache<>(cachedStates);
        CommandOutcomes<C, E> outcomes = new CommandOutcomes<>(store, types, eventType, recordRejections);
        this.lanes = new StreamLanes<>(new CommandBatches<>(store, decider, retries, loader, snapshots, outcomes,
                counters), cache, counters);
    }

    /**
     * Starts configuring a handler.
     *
     * @param store the event store
     * @param types the registry the events are serialized with
     * @param eventType the events' common type (usually their sealed interface)
     * @param decider the aggregate's behaviour
     */
    public static <C, S, E> CommandHandlerBuilder<C, S, E> builder(EventStore store, EventTypes types,
            Class<E> eventType, Decider<C, S, E> decider) {
        return new CommandHandlerBuilder<>(store, types, eventType, decider);
    }

    /**
     * Handles a command under a random command id: nothing recognises it if it is sent again. Use
     * {@link #handle(StreamId, Object, CommandMetadata)} with the caller's id when a resend is possible.
     */
    public CommandResult<E> handle(StreamId stream, C command) {
        return run(stream, command, CommandMetadata.random(), false);
    }

    /**
     * Handles a command, or returns its original result when its id was already handled on
     * {@code stream}.
     *
     * @throws CommandConflictException when other writers kept appending first, beyond the retries
     * @throws RuntimeException whatever {@code decide} or {@code evolve} threw; nothing was appended
     */
    public CommandResult<E> handle(StreamId stream, C command, CommandMetadata metadata) {
        return run(stream, command, metadata, true);
    }

    /** The aggregate's current state. */
    public AggregateState<S> load(StreamId stream) {
        return loader.load(Objects.requireNonNull(stream, "stream"), Bound.LATEST).publish(stream);
    }

    /**
     * The aggregate's state right after the event at {@code revision}.
     *
     * @throws RevisionNotFoundException when the stream has no readable event at that revision
     */
    public AggregateState<S> loadAsOf(StreamId stream, long revision) {
        Objects.requireNonNull(stream, "stream");
        if (revision < 0) {
            throw new IllegalArgumentException("A revision is 0 or more, got " + revision);
        }
        Loaded<S> loaded = loader.load(stream, new Bound.UpToRevision(revision));
        if (loaded.revision() != revision) {
            throw new RevisionNotFoundException(stream, revision, loaded.revision());
        }
        return loaded.publish(stream);
    }

    /**
     * The aggregate's state after the events recorded at or before {@code time}: the initial state
     * when there were none yet.
     */
    public AggregateState<S> loadAsOf(StreamId stream, Instant time) {
        return loader.load(Objects.requireNonNull(stream, "stream"), new Bound.UpToTime(time)).publish(stream);
    }

    /**
     * What contention has cost this handler so far: commands, appends, conflicts, retries, reloads
     * and commands given up. Answers at once.
     */
    public CommandStats stats() {
        return counters.read();
    }

    /** What the state cache has done so far: hits, misses, stale states and its size. Answers at once. */
    public StateCacheStats cacheStats() {
        return counters.cache(cache);
    }

    /**
     * What this handler has answered so far, accepted, rejected or failed, and how long its callers
     * waited for it. Answers at once.
     */
    public CommandAnswers answers() {
        return counters.answers();
    }

    private CommandResult<E> run(StreamId stream, C command, CommandMetadata metadata, boolean mayBeRecorded) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(metadata, "metadata");
        Queued<C, E> queued = new Queued<>(command, metadata, mayBeRecorded);
        long started = System.nanoTime();
        try {
            CommandResult<E> result = lanes.submit(stream, queued);
            counters.answered(result, queued.answeredFromLog(), System.nanoTime() - started);
            return result;
        } catch (RuntimeException | Error e) {
            counters.failed(System.nanoTime() - started);
            throw e;
        }
    }
}
