/**
 * Snapshots: a cached state of an aggregate at a revision, tagged with the state's schema version.
 * The {@link dev.vellum.snapshot.SnapshotStore} port, the {@link dev.vellum.snapshot.SnapshotPolicy}
 * that says when a command handler takes one, and the {@link dev.vellum.snapshot.StateFormat} that
 * writes states as JSON. Snapshots are an optimisation: deleting them changes nothing but speed.
 */
package dev.vellum.snapshot;
