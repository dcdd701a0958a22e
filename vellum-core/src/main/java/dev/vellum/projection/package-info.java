/**
 * Projections: named, versioned readers of the global log that build read models.
 *
 * <ul>
 *   <li>{@link dev.vellum.projection.Projection} defines one: name, version, the event types it
 *       handles, its {@link dev.vellum.projection.ProjectionHandler}, its setup, its retries and
 *       {@link dev.vellum.projection.ErrorPolicy}, its partitions.
 *   <li>{@link dev.vellum.projection.ProjectionRunner} runs it from its checkpoint: catch up in
 *       batches, then follow live; {@link dev.vellum.projection.RunningProjection} is what an
 *       operator sees and does (status, parked events, reset, stop).
 *   <li>{@link dev.vellum.projection.CheckpointStore} is the port for where progress lives. When the
 *       read model shares a transaction with it (a SQL read model, {@code dev.vellum.projection.sql})
 *       each event is applied exactly once; any other destination gets each event at least once,
 *       with its position to recognise a repeat.
 * </ul>
 *
 * <p>Everything in {@code dev.vellum.projection.internal} is implementation, not API.
 */
package dev.vellum.projection;
