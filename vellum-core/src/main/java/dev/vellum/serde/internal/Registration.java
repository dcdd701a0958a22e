package dev.vellum.serde.internal;

/**
 * One {@code register} call as given to the builder, before the registry is checked and built.
 * Not API.
 *
 * @param name the type name
 * @param version the current schema version
 * @param recordClass the record class
 */
public record Registration(String name, int version, Class<? extends Record> recordClass) {
}
