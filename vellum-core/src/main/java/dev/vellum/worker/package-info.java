/**
 * One operational model for every long-running worker: projections, reactors, process managers,
 * integration publishers and timer schedulers share one {@link dev.vellum.worker.Worker} shape (a
 * {@link dev.vellum.worker.WorkerStatus} answered from memory, and the same controls), and a
 * {@link dev.vellum.worker.WorkerRegistry} lists the workers of a process and carries out
 * {@link dev.vellum.worker.OperatorAction}s, recorded as events in the store, wherever the worker runs.
 */
package dev.vellum.worker;
