package dev.vellum.decider;

import dev.vellum.serde.EventTypes;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Metadata;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.internal.DerivedStreams;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Writes and reads the {@link CommandRejection} events a command handler records when asked to.
 * The event id derives from the aggregate's stream and the command id, so recording the same
 * command's rejection again stores nothing (the store recognises the id).
 */
final class RejectionLog {

    private static final EventTypes TYPES = EventTypes.builder().register(CommandRejection.TYPE, CommandRejection.class).build();

    private RejectionLog() {
    }

    /** The stream beside {@code aggregate} that its commands' rejections go to. */
    public static StreamId stream(StreamId aggregate) {
        return DerivedStreams.beside(CommandRejection.CATEGORY + "-", aggregate);
    }

    /** Appends the rejection of {@code command} on {@code aggregate}, once per command id. */
    public static void record(EventStore store, StreamId aggregate, Object command, CommandMetadata metadata, String code,
            String reason) {
        CommandRejection rejection = new CommandRejection(metadata.commandId(), aggregate.value(),
                command.getClass().getSimpleName(), code, reason);
        Metadata commands = metadata.eventMetadata();
        Metadata recorded = new Metadata(commands.correlationId(), commands.causationId(), Map.of());
        String seed = "vellum-rejection\u0000" + aggregate.value() + "\u0000" + metadata.commandId();
        UUID id = UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
        store.append(stream(aggregate), ExpectedRevision.any(), TYPES.serialize(id, rejection, recorded));
    }

    /** The rejection {@code event} records. */
    public static CommandRejection read(RecordedEvent event) {
        return TYPES.deserialize(event, CommandRejection.class);
    }
}
