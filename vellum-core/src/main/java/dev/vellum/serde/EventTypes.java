package dev.vellum.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vellum.serde.internal.Messages;
import dev.vellum.store.EventData;
import dev.vellum.store.Metadata;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.internal.SchemaHeader;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The registry of event types: stable type names mapped to Java records, each with a current
 * schema version and an upcaster chain for older stored shapes. It turns records into
 * {@link EventData} to append and {@link RecordedEvent}s back into records. Immutable and
 * thread-safe; build one at start-up and share it.
 *
 * <pre>{@code
 * EventTypes types = EventTypes.builder()
 *         .register("OrderPlaced", OrderPlaced.class)
 *         .register("OrderConfirmed", 2, OrderConfirmed.class)
 *         .upcaster("OrderConfirmed", 1, data -> data.put("channel", "web"))
 *         .build();
 * EventData data = types.serialize(new OrderPlaced("42", BigDecimal.TEN));
 * Object event = types.deserialize(recorded);
 * }</pre>
 *
 * <p><b>Schema versions.</b> A serialized event records its type's current version in the metadata
 * header {@value #SCHEMA_HEADER}; version 1 is recorded as no header. On read, data at an older
 * version passes through the type's upcasters, one version at a time, before it becomes the record;
 * data at the current version is read straight from the string, without a JSON tree.
 *
 * <p><b>Errors on read.</b> An unregistered type name raises {@link UnknownEventTypeException}, never
 * a silent skip, because a forgotten registration must not look like an event that never happened
 * (a projection would quietly miss it). A reader that handles only some types says so: it asks
 * {@link #isRegistered(String)} first, or reads with a filter on {@link #typeNames()}. Data that is malformed or does not fit the record
 * raises {@link EventDeserializationException}; data newer than this code knows raises
 * {@link SchemaVersionTooNewException}.
 */
public final class EventTypes {

    /** The metadata header that records the data's schema version when it is not 1. */
    public static final String SCHEMA_HEADER = SchemaHeader.NAME;

    private final Map<String, RegisteredType> byName;
    private final Map<Class<?>, RegisteredType> byClass;

    EventTypes(TypeTable table) {
        this.byName = table.byName();
        this.byClass = table.byClass();
    }

    /** A new, empty builder for a registry; see {@link EventTypesBuilder}. */
    public static EventTypesBuilder builder() {
        return new EventTypesBuilder();
    }

    /**
     * The event as data to append, with a random id and no metadata besides the schema version.
     *
     * @throws UnknownEventTypeException when its class is not registered
     * @throws EventSerializationException when Jackson cannot write it
     */
    public EventData serialize(Object event) {
        return serialize(UUID.randomUUID(), event, Metadata.EMPTY);
    }

    /** The event as data to append, with a random id and this metadata; see {@link #serialize(UUID, Object, Metadata)}. */
    public EventData serialize(Object event, Metadata metadata) {
        return serialize(UUID.randomUUID(), event, metadata);
    }

    /**
     * The event as data to append: this id, the registered type name, the record as JSON, and the
     * metadata with its {@value #SCHEMA_HEADER} header set to the type's current version (removed for
     * version 1).
     *
     * @param id the event id; reuse it when retrying the same append
     * @param event a record of a registered class (typed {@code Object} so a sealed interface of
     *     records can be passed as it is)
     * @param metadata correlation, causation and headers
     * @throws UnknownEventTypeException when its class is not registered
     * @throws EventSerializationException when Jackson cannot write it
     */
    public EventData serialize(UUID id, Object event, Metadata metadata) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(metadata, "metadata");
        RegisteredType type = typeOf(Objects.requireNonNull(event, "event").getClass());
        String json;
        try {
            json = type.write(event);
        } catch (JsonProcessingException e) {
            throw new EventSerializationException(type.name(), event.getClass(), e);
        }
        return new EventData(id, type.name(), json, SchemaHeader.stamp(metadata, type.version()));
    }

    /**
     * The record a stored event holds, upcast from its stored schema version when that is older.
     *
     * @throws UnknownEventTypeException when its type name is not registered
     * @throws SchemaVersionTooNewException when it was stored at a version newer than registered
     * @throws EventDeserializationException when its data is malformed, JSON {@code null}, does not
     *     fit the record, or an upcaster fails
     */
    public Object deserialize(RecordedEvent event) {
        RegisteredType type = byName.get(event.type());
        if (type == null) {
            throw new UnknownEventTypeException(event.type(), event.stream(), event.revision());
        }
        int stored;
        try {
            stored = SchemaHeader.read(event.metadata());
        } catch (IllegalArgumentException e) {
            throw new EventDeserializationException(event, e.getMessage(), e);
        }
        if (stored > type.version()) {
            throw new SchemaVersionTooNewException(event, stored, type.version());
        }
        Object value;
        try {
            value = type.read(event.data(), stored);
        } catch (IOException | RuntimeException e) {
            throw new EventDeserializationException(event, Messages.firstLine(e), e);
        }
        if (value == null) {
            throw new EventDeserializationException(event, "its data is JSON null, not an object", null);
        }
        return value;
    }

    /**
     * The record a stored event holds, as {@code expected}, e.g. the sealed interface of an
     * aggregate's events; see {@link #deserialize(RecordedEvent)}.
     *
     * @throws EventDeserializationException also when the record is not an {@code expected}
     */
    public <T> T deserialize(RecordedEvent event, Class<T> expected) {
        Object value = deserialize(event);
        if (!expected.isInstance(value)) {
            throw new EventDeserializationException(event, "it is a " + value.getClass().getName()
                    + ", not a " + expected.getName() + " as expected", null);
        }
        return expected.cast(value);
    }

    /**
     * A record of a registered type as JSON text, written as its event data would be: for a payload
     * kept as text (an effect's {@code EffectRequest}, a timer's), read back by {@link #deserializePayload}.
     *
     * @throws UnknownEventTypeException when its class is not registered
     * @throws EventSerializationException when Jackson cannot write it
     */
    public String serializePayload(Object payload) {
        RegisteredType type = typeOf(Objects.requireNonNull(payload, "payload").getClass());
        try {
            return type.write(payload);
        } catch (JsonProcessingException e) {
            throw new EventSerializationException(type.name(), payload.getClass(), e);
        }
    }

    /**
     * Reads a payload {@link #serializePayload} wrote as record {@code type}, with the same Jackson
     * settings as events. A payload carries no schema version: it is read as the record is now, so
     * keep a record able to read payloads still pending from before it changed (new fields optional),
     * or give the new shape a new class.
     *
     * @throws UnknownEventTypeException when {@code type} is not registered
     * @throws PayloadDeserializationException when the text is malformed, JSON {@code null}, or does not fit the record
     */
    public <T> T deserializePayload(String payload, Class<T> type) {
        Objects.requireNonNull(payload, "payload");
        RegisteredType registered = typeOf(type);
        Object value;
        try {
            value = registered.read(payload, registered.version());
        } catch (IOException | RuntimeException e) {
            throw new PayloadDeserializationException(registered.name(), Messages.firstLine(e), e);
        }
        if (value == null) {
            throw new PayloadDeserializationException(registered.name(), "it is JSON null, not an object", null);
        }
        return type.cast(value);
    }

    /** True when events of this type name can be read: a registered name or the old name of a renamed type. */
    public boolean isRegistered(String typeName) {
        return byName.containsKey(typeName);
    }

    /**
     * The type name a record class is registered under, e.g. for a {@code LogFilter}.
     *
     * @throws UnknownEventTypeException when it is not registered
     */
    public String typeName(Class<?> eventClass) {
        return typeOf(eventClass).name();
    }

    /**
     * Every type name events of these classes are read under: their registered names and the old
     * names renamed to them, e.g. for the filter of a reader that handles those classes (what
     * {@code handles(types, classes)} of projections, reactors and process managers uses).
     *
     * @throws UnknownEventTypeException when one is not registered
     */
    public Set<String> typeNamesOf(Class<?>... eventClasses) {
        Set<RegisteredType> wanted = Arrays.stream(eventClasses).map(this::typeOf).collect(Collectors.toSet());
        return byName.entrySet().stream().filter(e -> wanted.contains(e.getValue())).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Every type name that can be read: the registered names and the old names of renamed types. */
    public Set<String> typeNames() {
        return byName.keySet();
    }

    private RegisteredType typeOf(Class<?> eventClass) {
        RegisteredType type = byClass.get(eventClass);
        if (type == null) {
            throw new UnknownEventTypeException(eventClass);
        }
        return type;
    }
}
