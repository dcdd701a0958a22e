/**
 * Process managers: long-running processes across aggregates with event-sourced state of their own
 * ({@link dev.vellum.process.ProcessManager}), which correlate events, send commands through a
 * {@link dev.vellum.process.CommandRouter}, react to their results, and set durable timers.
 */
package dev.vellum.process;
