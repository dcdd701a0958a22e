package dev.vellum.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vellum.serde.internal.Registration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Collects registrations, upcasters and renames, then checks and builds an {@link EventTypes}.
 * Registering a type name or a class twice fails at once; gaps in upcaster chains and dangling
 * upcasters or renames fail in {@link #build()}, so a misconfigured application stops at start-up.
 * Get one from {@link EventTypes#builder()}. Not thread-safe; {@link #build()} may be called more than
 * once.
 */
public final class EventTypesBuilder {

    private final Map<String, Registration> registrations = new LinkedHashMap<>();
    private final Map<Class<?>, String> classes = new HashMap<>();
    private final Map<String, SortedMap<Integer, Upcaster>> upcasters = new HashMap<>();
    private final Map<String, String> renames = new LinkedHashMap<>();
    private ObjectMapper mapper;

    EventTypesBuilder() {
    }

    /** Registers a record class at schema version 1; see {@link #register(String, int, Class)}. */
    public EventTypesBuilder register(String typeName, Class<? extends Record> recordClass) {
        return register(typeName, 1, recordClass);
    }

    /**
     * Registers a record class under a stable type name, at its current schema version. A type at
     * version {@code n} needs upcasters from every version {@code 1..n-1}.
     *
     * @param typeName the name stored with each event, e.g. {@code OrderPlaced}; keep it when the
     *     class is renamed or moved
     * @param schemaVersion the version of the record's current shape, 1 or more
     * @param recordClass the record class
     * @throws EventTypeRegistrationException when the name or the class is already registered,
     *     the name is not a valid type name, or the version is below 1
     */
    public EventTypesBuilder register(String typeName, int schemaVersion, Class<? extends Record> recordClass) {
        TypeTable.checkName(typeName);
        Objects.requireNonNull(recordClass, "recordClass");
        if (schemaVersion < 1) {
            throw new EventTypeRegistrationException("'" + typeName + "' is registered at schema version "
                    + schemaVersion + ": versions start at 1.");
        }
        Registration first = registrations.get(typeName);
        if (first != null) {
            throw new EventTypeRegistrationException("Event type '" + typeName + "' is registered twice: for "
                    + first.recordClass().getName() + " and for " + recordClass.getName()
                    + ". Each type name maps to one record class.");
        }
        String otherName = classes.putIfAbsent(recordClass, typeName);
        if (otherName != null) {
            throw new EventTypeRegistrationException(recordClass.getName() + " is registered twice: as '" + otherName
                    + "' and as '" + typeName + "'. Register it once; to read an old name as this class, use rename(\""
                    + typeName + "\", \"" + otherName + "\").");
        }
        registrations.put(typeName, new Registration(typeName, schemaVersion, recordClass));
        return this;
    }

    /**
     * Adds the upcaster that turns data of {@code typeName} stored at {@code fromVersion} into the
     * shape of {@code fromVersion + 1}.
     *
     * @throws EventTypeRegistrationException when that type and version already have one, or the
     *     version is below 1
     */
    public EventTypesBuilder upcaster(String typeName, int fromVersion, Upcaster upcaster) {
        Objects.requireNonNull(typeName, "typeName");
        Objects.requireNonNull(upcaster, "upcaster");
        if (fromVersion < 1) {
            throw new EventTypeRegistrationException("An upcaster for '" + typeName + "' starts from version "
                    + fromVersion + ": versions start at 1.");
        }
        if (upcasters.computeIfAbsent(typeName, name -> new TreeMap<>()).putIfAbsent(fromVersion, upcaster) != null) {
            throw new EventTypeRegistrationException("'" + typeName + "' has two upcasters from version "
                    + fromVersion + ": keep one.");
        }
        return this;
    }

    /**
     * Reads events stored under an old type name as the registered type {@code newTypeName}. The
     * rename keeps the version line: an old event's {@value EventTypes#SCHEMA_HEADER} counts on
     * {@code newTypeName}'s versions and upcasters (if the shape changed with the rename, register
     * the new name at a higher version with an upcaster). New events are written under the new name.
     *
     * @throws EventTypeRegistrationException when the old name is already renamed or invalid
     */
    public EventTypesBuilder rename(String oldTypeName, String newTypeName) {
        TypeTable.checkName(oldTypeName);
        Objects.requireNonNull(newTypeName, "newTypeName");
        String first = renames.putIfAbsent(oldTypeName, newTypeName);
        if (first != null) {
            throw new EventTypeRegistrationException("'" + oldTypeName + "' is renamed twice: to '" + first
                    + "' and to '" + newTypeName + "'. An old name is read as one type.");
        }
        return this;
    }

    /**
     * Uses a copy of this mapper instead of {@link VellumJson#newObjectMapper()}. Start from that
     * method's mapper so records, {@code java.time} and exact decimals keep working.
     */
    public EventTypesBuilder objectMapper(ObjectMapper objectMapper) {
        this.mapper = Objects.requireNonNull(objectMapper, "objectMapper").copy();
        return this;
    }

    /**
     * Checks the registrations and builds the registry, with one Jackson reader and writer per type.
     *
     * @throws EventTypeRegistrationException naming each type whose upcaster chain has a gap, and
     *     each upcaster or rename that points at no registered type
     */
    public EventTypes build() {
        ObjectMapper json = mapper != null ? mapper : VellumJson.newObjectMapper();
        return new EventTypes(TypeTable.assemble(new ArrayList<>(registrations.values()), upcasters, renames, json));
    }
}
