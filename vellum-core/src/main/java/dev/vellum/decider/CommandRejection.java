package dev.vellum.decider;

import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;

/**
 * A rejected command as a command handler records it when asked to
 * ({@link CommandHandlerBuilder#recordRejections()}): an event of type {@value #TYPE} in a stream
 * of its own beside the aggregate's, {@link #streamOf(StreamId)}, category {@value #CATEGORY}. A
 * read model that follows that category (or that type) can show why a command failed, long after
 * the caller got its {@link CommandResult.Rejected}. The event's correlation and causation ids are
 * the command's; its id derives from the aggregate's stream and the command id, so a command sent
 * again under the same id and rejected again is recorded once.
 *
 * @param commandId the command's id
 * @param stream the aggregate's stream the command was for
 * @param command the command's type (its class's simple name)
 * @param code the rejection's machine-readable code
 * @param reason the rejection's reason
 */
public record CommandRejection(String commandId, String stream, String command, String code, String reason) {

    /** The type name of the events that record rejections. */
    public static final String TYPE = "vellum.CommandRejected";

    /** The category of the streams they are recorded in. */
    public static final String CATEGORY = "command.rejections";

    /**
     * The stream the rejections of commands on {@code aggregate} are recorded in:
     * {@code command.rejections-<aggregate stream>}, e.g. {@code command.rejections-order-42} (a
     * name-based UUID of the aggregate's stream when that would be too long).
     */
    public static StreamId streamOf(StreamId aggregate) {
        return RejectionLog.stream(aggregate);
    }

    /**
     * The rejection an event of type {@value #TYPE} records.
     *
     * @throws dev.vellum.serde.UnknownEventTypeException when the event is of another type
     * @throws dev.vellum.serde.EventDeserializationException when its data is not a rejection
     */
    public static CommandRejection from(RecordedEvent event) {
        return RejectionLog.read(event);
    }
}
