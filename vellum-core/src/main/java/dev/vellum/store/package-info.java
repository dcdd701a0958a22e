/**
 * The event store port: value types ({@link dev.vellum.store.StreamId}, {@link dev.vellum.store.Position},
 * {@link dev.vellum.store.ExpectedRevision}), the role interfaces combined by
 * {@link dev.vellum.store.EventStore}, and the typed errors every store raises.
 */
package dev.vellum.store;
