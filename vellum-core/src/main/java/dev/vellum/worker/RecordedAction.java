package dev.vellum.worker;

import java.util.Optional;

/**
 * One entry of the operator log ({@link WorkerRegistry#actions()}): an action and, once it was carried
 * out, its outcome.
 *
 * @param action what was asked, by whom, when and why
 * @param outcome what became of it; empty while the node that runs the worker has not carried it out
 */
public record RecordedAction(OperatorAction action, Optional<ActionOutcome> outcome) {
}
