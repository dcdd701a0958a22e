package dev.vellum.worker;

import dev.vellum.store.Position;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An operator's request to control a worker: who asks what of which worker, why, and when. A
 * {@link WorkerRegistry} records it as an event and carries it out on the node that runs the worker.
 *
 * @param id the action's id; the events that record it and its outcome derive their ids from it, so
 *     sending one action again records nothing twice
 * @param worker the worker's name
 * @param control what to do
 * @param target what it acts on, for a {@linkplain WorkerControl#targeted() targeted} control: a parked
 *     event's position, an effect's key; {@code null} otherwise
 * @param actor who asks: a user name, a service account
 * @param reason why, in the operator's words; {@code null} when none was given
 * @param at when it was asked
 */
public record OperatorAction(UUID id, String worker, WorkerControl control, String target, String actor,
        String reason, Instant at) {

    /**
     * Checks the action.
     *
     * @throws InvalidOperatorActionException when the actor is missing, or the target is missing, unreadable,
     *     or given to a control that takes none
     */
    public OperatorAction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        if (worker == null || worker.isBlank()) {
            throw new InvalidOperatorActionException("An operator action needs the name of the worker it is for.");
        }
        if (control == null) {
            throw new InvalidOperatorActionException("An operator action on '" + worker + "' needs a control, one of "
                    + java.util.Arrays.toString(WorkerControl.values()) + ".");
        }
        if (actor == null || actor.isBlank()) {
            throw new InvalidOperatorActionException("The " + control + " action on '" + worker + "' needs an actor: "
                    + "say who takes it, so the operator log can show it.");
        }
        if (control.targeted() && (target == null || target.isBlank())) {
            throw new InvalidOperatorActionException("The " + control + " action on '" + worker + "' needs a target: "
                    + (position(control) ? "the parked event's position." : "the effect's key."));
        }
        if (!control.targeted() && target != null) {
            throw new InvalidOperatorActionException("The " + control + " action on '" + worker + "' takes no target, got '"
                    + target + "'.");
        }
        if (position(control)) {
            try {
                Position.of(Long.parseLong(target));
            } catch (IllegalArgumentException e) {
                throw new InvalidOperatorActionException("The " + control + " action on '" + worker + "' needs a "
                        + "parked event's position (a number from 1) as its target, got '" + target + "'.");
            }
        }
    }

    /** A new action, with a random id, asked now. */
    public static OperatorAction of(String worker, WorkerControl control, String target, String actor, String reason) {
        return new OperatorAction(UUID.randomUUID(), worker, control, target, actor, reason, Instant.now());
    }

    /** The target as a position, for {@link WorkerControl#RETRY_PARKED} and {@link WorkerControl#SKIP_PARKED}. */
    Position position() {
        return Position.of(Long.parseLong(target));
    }

    private static boolean position(WorkerControl control) {
        return control == WorkerControl.RETRY_PARKED || control == WorkerControl.SKIP_PARKED;
    }
}
