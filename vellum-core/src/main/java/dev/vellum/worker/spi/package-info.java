/**
 * For a store that runs workers of its own (SQLite's inline projections, PostgreSQL's leased
 * workers): what their {@link dev.vellum.worker.WorkerStatus} is made of, computed the way core's
 * workers compute it: the events per second ({@link dev.vellum.worker.spi.RateMeter}) and how long
 * the oldest event not yet handled has waited ({@link dev.vellum.worker.spi.WaitingTime}).
 * Applications never need this package.
 */
package dev.vellum.worker.spi;
