/**
 * Reactors: replay-safe side effects. A {@link dev.vellum.reactor.Reactor} decides effects per
 * committed event and stores them in a durable outbox in the same transaction as its checkpoint; a
 * worker carries them out with an idempotency key, retries with backoff, and records each outcome as
 * an event, once. Rebuilds and replays never trigger it.
 */
package dev.vellum.reactor;
