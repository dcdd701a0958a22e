/**
 * Serialization of events: {@link dev.vellum.serde.EventTypes} maps stable type names to Java
 * records, writes records as {@link dev.vellum.store.EventData} and reads
 * {@link dev.vellum.store.RecordedEvent}s back, upcasting data stored in older shapes on the way.
 * Build a registry with {@link dev.vellum.serde.EventTypes#builder()}.
 */
package dev.vellum.serde;
