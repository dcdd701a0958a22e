package dev.vellum.serde;

import dev.vellum.store.StreamId;
import dev.vellum.store.VellumException;

/**
 * {@link EventTypes} was asked about an event type it does not have: a stored event's type name on
 * read, or a record class on write. Register the type with {@link EventTypesBuilder#register}.
 * Readers that skip events they do not handle ask {@link EventTypes#isRegistered(String)} first,
 * or read with a filter on {@link EventTypes#typeNames()}.
 */
public final class UnknownEventTypeException extends VellumException {
    private static final long serialVersionUID = 1L;

    private final String typeName;
    private final transient Class<?> eventClass;

    /**
     * A stored event has a type name that is not registered.
     *
     * @param typeName the unknown type name
     * @param stream the stream the event belongs to
     * @param revision the event's revision in that stream
     */
    public UnknownEventTypeException(String typeName, StreamId stream, long revision) {
        super("Unknown event type '" + typeName + "' (stream '" + stream + "', revision " + revision
                + "): register it with EventTypes.builder().register(\"" + typeName + "\", YourRecord.class),"
                + " or skip the events you do not handle by checking EventTypes.isRegistered(type) first.");
        this.typeName = typeName;
        this.eventClass = null;
    }

    /**
     * A record to write, or whose type name was asked for, is of a class that is not registered.
     *
     * @param eventClass the unregistered class
     */
    public UnknownEventTypeException(Class<?> eventClass) {
        super(eventClass.isRecord()
                ? "Class " + eventClass.getName() + " is not a registered event type: register it with"
                        + " EventTypes.builder().register(\"" + eventClass.getSimpleName() + "\", "
                        + eventClass.getSimpleName() + ".class) under a stable type name."
                : "Class " + eventClass.getName() + " is not an event type: events are records registered"
                        + " with EventTypes.builder().register(typeName, recordClass).");
        this.typeName = null;
        this.eventClass = eventClass;
    }

    /** The unknown type name of a stored event, or {@code null} when a class was unknown. */
    public String typeName() {
        return typeName;
    }

    /** The unregistered class, or {@code null} when a stored type name was unknown. */
    public Class<?> eventClass() {
        return eventClass;
    }
}
