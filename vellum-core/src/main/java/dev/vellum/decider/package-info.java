/**
 * Deciders and command handling: a {@link dev.vellum.decider.Decider} (initial state, decide,
 * evolve) describes an aggregate; a {@link dev.vellum.decider.CommandHandler} loads its state,
 * decides, appends with the exact expected revision, and returns a
 * {@link dev.vellum.decider.CommandResult}. Commands are idempotent by command id
 * ({@link dev.vellum.decider.CommandMetadata}); states can be loaded as of a revision or a point
 * in time; snapshots ({@code dev.vellum.snapshot}) shorten loads.
 */
package dev.vellum.decider;
