package dev.vellum.serde;

import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.VellumException;

/**
 * A stored event of a registered type could not be turned into its record: the data is not
 * well-formed JSON, does not fit the record, is JSON {@code null}, an upcaster failed, or the
 * {@code $schema} header is not a version number. The message names the stream, the revision, the
 * type and the cause. The event itself is unchanged in the store; fix the reading side (the record
 * or an {@link Upcaster}) and read again.
 */
public class EventDeserializationException extends VellumException {
    private static final long serialVersionUID = 1L;

    private final transient StreamId stream;
    private final long revision;
    private final String typeName;

    /**
     * @param event the stored event that could not be read
     * @param reason what went wrong, e.g. the parser's complaint
     * @param cause the underlying error, or {@code null}
     */
    public EventDeserializationException(RecordedEvent event, String reason, Throwable cause) {
        this(describe(event) + ": " + reason + ". Make the record (or an upcaster) accept the stored data.",
                event, cause);
    }

    /**
     * For subclasses that word the whole message themselves.
     *
     * @param message the whole message, naming the event (see {@link #describe(RecordedEvent)})
     * @param event the stored event that could not be read
     * @param cause the underlying error, or {@code null}
     */
    protected EventDeserializationException(String message, RecordedEvent event, Throwable cause) {
        super(message, cause);
        this.stream = event.stream();
        this.revision = event.revision();
        this.typeName = event.type();
    }

    /** Names an event for a message: its type, revision, stream and position. */
    protected static String describe(RecordedEvent event) {
        return "Cannot deserialize event '" + event.type() + "' at revision " + event.revision()
                + " of stream '" + event.stream() + "' (position " + event.position() + ")";
    }

    /** The stream of the event. */
    public StreamId stream() {
        return stream;
    }

    /** The event's revision in its stream. */
    public long revision() {
        return revision;
    }

    /** The event's stored type name. */
    public String typeName() {
        return typeName;
    }
}
