package dev.vellum.worker;

/**
 * A worker whose state changed, as a {@link WorkerRegistry#watch watch} saw it.
 *
 * @param worker the worker's name
 * @param from its state before; {@code null} when it was just registered
 * @param to its state now
 * @param status its whole status now
 */
public record StateChange(String worker, WorkerState from, WorkerState to, WorkerStatus status) {
}
