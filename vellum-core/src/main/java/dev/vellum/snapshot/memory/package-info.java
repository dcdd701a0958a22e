/** The in-memory {@link dev.vellum.snapshot.SnapshotStore}. */
package dev.vellum.snapshot.memory;
