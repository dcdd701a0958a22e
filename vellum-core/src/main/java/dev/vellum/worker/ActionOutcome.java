package dev.vellum.worker;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What became of an {@link OperatorAction}.
 *
 * @param action the action's id
 * @param result what happened
 * @param node the node that recorded it: the one that ran the control, or, for {@link Result#SENT}, the one
 *     that sent it on
 * @param errorType when it {@link Result#FAILED}: the error's class name; {@code null} otherwise
 * @param message when it failed: the error's message; {@code null} otherwise
 * @param at when it was recorded
 */
public record ActionOutcome(UUID action, Result result, String node, String errorType, String message, Instant at) {

    /** Checks the values. */
    public ActionOutcome {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(at, "at");
    }

    /** What happened to an action. */
    public enum Result {
        /** The worker did it. */
        DONE,
        /** The worker refused or failed (a parked event not found, an effect no longer waiting); nothing changed. */
        FAILED,
        /**
         * The worker runs on another node: the action was recorded for it, and that node records the outcome
         * ({@link WorkerRegistry#awaitOutcome}).
         */
        SENT
    }
}
