package dev.vellum.decider;

import dev.vellum.decider.internal.Bound;
import dev.vellum.decider.internal.CommandLog;
import dev.vellum.decider.internal.Loaded;
import dev.vellum.decider.internal.RejectionLog;
import dev.vellum.decider.internal.SnapshotTaker;
import dev.vellum.decider.internal.StateLoader;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.IdempotencyConflictException;
import dev.vellum.store.Metadata;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.VellumException;
import dev.vellum.store.WrongExpectedRevisionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

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
 * <li><b>Conflicts.</b> When another writer appended first, the handler reloads and decides again,
 *     as its {@link RetryPolicy} allows, then raises {@link CommandConflictException}.</li>
 * <li><b>Idempotency.</b> The ids of a command's events are derived from the stream, the command id
 *     and the event's index. A command whose id was already handled on the stream is not decided
 *     again: the handler returns the original result from the stored events, also after a restart.
 *     Rejections append nothing, so a rejected command sent again is decided again.</li>
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

    private final EventStore store;
    private final EventTypes types;
    private final Class<E> eventType;
    private final Decider<C, S, E> decider;
    private final RetryPolicy retries;
    private final StateLoader<S, E> loader;
    private final SnapshotTaker<S> snapshots;
    private final boolean recordRejections;

    CommandHandler(EventStore store, EventTypes types, Class<E> eventType, Decider<C, S, E> decider,
            RetryPolicy retries, StateLoader<S, E> loader, SnapshotTaker<S> snapshots, boolean recordRejections) {
        this.store = store;
        this.types = types;
        this.eventType = eventType;
        this.decider = decider;
        this.retries = retries;
        this.loader = loader;
        this.snapshots = snapshots;
        this.recordRejections = recordRejections;
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

    private CommandResult<E> run(StreamId stream, C command, CommandMetadata metadata, boolean mayBeRecorded) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(metadata, "metadata");
        if (mayBeRecorded) {
            Optional<CommandResult<E>> earlier = recordedResult(stream, metadata.commandId());
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        int conflicts = 0;
        long hiddenRevision = -1;
        while (true) {
            Loaded<S> loaded = loader.load(stream, Bound.LATEST);
            Decision<E> decision = decider.decide(command, loaded.state());
            switch (decision) {
                case null -> throw new IllegalStateException("decide returned null for "
                        + command.getClass().getSimpleName() + " on '" + stream
                        + "': return Decision.accept() when nothing changes.");
                case Decision.Rejection<E> r -> {
                    return recordedMeanwhile(stream, metadata, mayBeRecorded)
                            .orElseGet(() -> rejected(stream, command, metadata, r));
                }
                case Decision.Events<E> e when e.events().isEmpty() -> {
                    return recordedMeanwhile(stream, metadata, mayBeRecorded)
                            .orElseGet(() -> new CommandResult.Accepted<>(List.of(), loaded.revision(), loaded.position()));
                }
                case Decision.Events<E> e -> {
                    long base = loaded.revision() >= 0 ? loaded.revision() : hiddenRevision;
                    try {
                        return append(stream, loaded, base, e.events(), metadata);
                    } catch (WrongExpectedRevisionException conflict) {
                        // With no readable event the stream is new, or truncated past its end: then the
                        // conflict tells its revision, which no read shows, and the next try expects it.
                        boolean firstSight = loaded.revision() < 0 && hiddenRevision < 0;
                        if (loaded.revision() < 0) {
                            hiddenRevision = conflict.actualRevision();
                        }
                        if (!firstSight && ++conflicts > retries.maxRetries()) {
                            throw new CommandConflictException(stream, metadata.commandId(), conflicts,
                                    conflict.actualRevision(), conflict);
                        }
                        if (!firstSight) {
                            pause(retries.delayBefore(conflicts, ThreadLocalRandom.current()), stream, metadata);
                        }
                    }
                }
            }
        }
    }

    /** The result of a rejection, recorded first when the handler records rejections. */
    private CommandResult<E> rejected(StreamId stream, C command, CommandMetadata metadata, Decision.Rejection<E> r) {
        if (recordRejections) {
            RejectionLog.record(store, stream, command, metadata, r.code(), r.reason());
        }
        return new CommandResult.Rejected<>(r.code(), r.reason());
    }

    /**
     * Appends a decision's events after revision {@code base} (-1: the stream must not exist).
     *
     * @throws WrongExpectedRevisionException when another writer appended first
     */
    private CommandResult<E> append(StreamId stream, Loaded<S> loaded, long base, List<E> events,
            CommandMetadata metadata) {
        List<EventData> data = serialize(stream, events, metadata);
        AppendResult appended;
        try {
            appended = store.append(stream, base < 0 ? ExpectedRevision.noStream() : ExpectedRevision.exactly(base), data);
        } catch (IdempotencyConflictException e) {
            // another handler recorded this command between our look-up and our append
            return recordedResult(stream, metadata.commandId()).orElseThrow(() -> e);
        }
        if (appended.revision() != base + events.size()) {
            // the store recognised our ids as an earlier append of this command, or the stream was
            // soft-deleted and its revisions went on from before: report what is stored
            return recordedResult(stream, metadata.commandId()).orElseThrow(() -> new VellumException(
                    "The append of command '" + metadata.commandId() + "' to '" + stream
                            + "' succeeded but its events cannot be found by id: the store breaks its contract."));
        }
        snapshots.afterAppend(stream, loaded, base, () -> decider.fold(loaded.state(), events), appended.revision(),
                data.getLast().id());
        return new CommandResult.Accepted<>(events, appended.revision(), appended.position());
    }

    private List<EventData> serialize(StreamId stream, List<E> events, CommandMetadata command) {
        Metadata metadata = command.eventMetadata();
        List<EventData> data = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            data.add(types.serialize(CommandLog.eventId(stream, command.commandId(), i), events.get(i), metadata));
        }
        return data;
    }

    /**
     * For a decision that appends nothing: the command's original result if another copy of it
     * committed after our look-up but before our load, so the state just decided on already holds
     * its events (the rejection or no-op is then about the command's own effect). Looking up again
     * after the load closes that gap: every event the load saw, the look-up sees too.
     */
    private Optional<CommandResult<E>> recordedMeanwhile(StreamId stream, CommandMetadata metadata,
            boolean mayBeRecorded) {
        return mayBeRecorded ? recordedResult(stream, metadata.commandId()) : Optional.empty();
    }

    private Optional<CommandResult<E>> recordedResult(StreamId stream, String commandId) {
        return CommandLog.recorded(store, stream, commandId).map(recorded -> {
            List<E> events = new ArrayList<>(recorded.size());
            for (RecordedEvent event : recorded) {
                events.add(types.deserialize(event, eventType));
            }
            RecordedEvent last = recorded.getLast();
            return new CommandResult.Accepted<>(events, last.revision(), last.position());
        });
    }

    private static void pause(Duration delay, StreamId stream, CommandMetadata metadata) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VellumException("Interrupted while waiting to retry command '" + metadata.commandId() + "' on '"
                    + stream + "' after a conflict; nothing of it was appended.", e);
        }
    }

}
