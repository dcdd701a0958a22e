/**
 * Time that tests can move: {@link dev.vellum.time.VellumClock} is what timers and retries read and
 * wait on; {@link dev.vellum.time.ManualClock} moves only by hand and wakes the waiters when it does;
 * {@link dev.vellum.time.Backoff} spaces retries.
 */
package dev.vellum.time;
