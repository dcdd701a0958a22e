package dev.vellum.serde;

import dev.vellum.serde.internal.Messages;
import dev.vellum.store.VellumException;

/**
 * A record of a registered type could not be written as JSON, usually because one of its fields
 * has a type Jackson cannot write. Nothing was produced. Give the field a JSON-friendly type, or
 * add a Jackson module for it to the mapper (see {@link VellumJson#newObjectMapper()}).
 */
public final class EventSerializationException extends VellumException {
    private static final long serialVersionUID = 1L;

    /**
     * @param typeName the registered type name
     * @param eventClass the record's class
     * @param cause Jackson's error
     */
    public EventSerializationException(String typeName, Class<?> eventClass, Throwable cause) {
        super("Cannot serialize event '" + typeName + "' (" + eventClass.getName() + "): "
                + Messages.firstLine(cause) + ". Give the field a JSON-friendly type or add a Jackson"
                + " module for it to the mapper.", cause);
    }
}
