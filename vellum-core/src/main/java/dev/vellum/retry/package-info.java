/**
 * How Vellum retries what failed: {@link dev.vellum.retry.Retries} (attempts and a
 * {@link dev.vellum.time.Backoff}) is the one retry setting of commands, projections, reactors and
 * process managers; {@link dev.vellum.retry.RetriesExhaustedException} is what a runner fails with
 * when they run out, {@link dev.vellum.retry.InvalidRetriesException} what bad values raise. Which
 * errors are never retried ({@link dev.vellum.time.PermanentFailure}) or retried without counting
 * ({@link dev.vellum.time.TransientFailure}) is marked on the errors, in {@code dev.vellum.time}, so
 * that the store's own exceptions can carry the marks.
 *
 * <p>Everything in {@code dev.vellum.retry.internal} is implementation, not API.
 */
package dev.vellum.retry;
