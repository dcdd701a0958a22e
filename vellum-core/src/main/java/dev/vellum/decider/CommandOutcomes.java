package dev.vellum.decider;

import dev.vellum.decider.internal.CommandLog;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.Metadata;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a command handler writes and finds for one command: its events as stored data (ids from
 * {@link CommandLog}), its original result when the log already holds it, and its rejection,
 * recorded when the handler records rejections.
 *
 * @param <C> the commands
 * @param <E> the events
 */
final class CommandOutcomes<C, E> {

    private final EventStore store;
    private final EventTypes types;
    private final Class<E> eventType;
    private final boolean recordRejections;

    /** @param recordRejections whether rejections are recorded (see {@link RejectionLog}) */
    public CommandOutcomes(EventStore store, EventTypes types, Class<E> eventType, boolean recordRejections) {
        this.store = store;
        this.types = types;
        this.eventType = eventType;
        this.recordRejections = recordRejections;
    }

    /** The command's events as data to append, with the ids that make it idempotent. */
    List<EventData> serialize(StreamId stream, List<E> events, CommandMetadata command) {
        Metadata metadata = command.eventMetadata();
        List<EventData> data = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            data.add(types.serialize(CommandLog.eventId(stream, command.commandId(), i), events.get(i), metadata));
        }
        return data;
    }

    /** The original result of command {@code commandId} on {@code stream}, if the log holds its events. */
    public Optional<CommandResult<E>> recorded(StreamId stream, String commandId) {
        return CommandLog.recorded(store, stream, commandId).map(recorded -> {
            List<E> events = new ArrayList<>(recorded.size());
            for (RecordedEvent event : recorded) {
                events.add(types.deserialize(event, eventType));
            }
            RecordedEvent last = recorded.getLast();
            return new CommandResult.Accepted<>(events, last.revision(), last.position());
        });
    }

    /**
     * The original result of {@code command} if the log holds its events; the command then notes that
     * its answer comes from the log.
     */
    Optional<CommandResult<E>> recorded(StreamId stream, Queued<C, E> command) {
        Optional<CommandResult<E>> earlier = recorded(stream, command.commandId());
        if (earlier.isPresent()) {
            command.answerFromLog();
        }
        return earlier;
    }

    /**
     * Ends {@code command} with {@code failure}, unless its id may be recorded and the log holds its
     * events: a resend then gets its original result, whatever deciding it again came to.
     */
    void failUnlessRecorded(StreamId stream, Queued<C, E> command, Throwable failure) {
        if (command.mayBeRecorded()) {
            try {
                Optional<CommandResult<E>> earlier = recorded(stream, command);
                if (earlier.isPresent()) {
                    command.succeed(earlier.get());
                    return;
                }
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        command.fail(failure);
    }

    /** The result of a rejection, recorded first when the handler records rejections. */
    CommandResult<E> rejected(StreamId stream, C command, CommandMetadata metadata, String code, String reason) {
        if (recordRejections) {
            RejectionLog.record(store, stream, command, metadata, code, reason);
        }
        return new CommandResult.Rejected<>(code, reason);
    }
}
