package dev.vellum.examples.points;

import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;

/**
 * A task that collects points, as a decider; a closed task takes no more.
 *
 * @param exists true once opened
 * @param closed true once closed
 * @param points the points assigned so far
 */
public record Task(boolean exists, boolean closed, int points) {

    /** The task's commands. */
    public sealed interface Command {
        /** Opens the task. */
        record Open() implements Command {
        }

        /** Closes the task. */
        record Close() implements Command {
        }

        /** @param assignmentId the assignment @param points how many */
        record AssignPoints(String assignmentId, int points) implements Command {
        }
    }

    /** The task's events, in streams {@code task-<id>}. */
    public sealed interface Event {
        /** The task was opened. */
        record TaskOpened() implements Event {
        }

        /** The task was closed. */
        record TaskClosed() implements Event {
        }

        /** @param assignmentId the assignment @param points how many */
        record PointsAssigned(String assignmentId, int points) implements Event {
        }
    }

    /** A task before it is opened. */
    public static final Task NONE = new Task(false, false, 0);

    /** Its behaviour. */
    public static final Decider<Command, Task, Event> DECIDER = Decider.of(NONE, Task::decide, Task::evolve);

    static Decision<Event> decide(Command command, Task state) {
        return switch (command) {
            case Command.Open o -> state.exists ? Decision.accept() : Decision.accept(new Event.TaskOpened());
            case Command.Close c -> state.closed ? Decision.accept() : Decision.accept(new Event.TaskClosed());
            case Command.AssignPoints a when !state.exists -> Decision.reject("task-unknown", "no such task");
            case Command.AssignPoints a when state.closed -> Decision.reject("task-closed", "the task is closed");
            case Command.AssignPoints a -> Decision.accept(new Event.PointsAssigned(a.assignmentId(), a.points()));
        };
    }

    static Task evolve(Task state, Event event) {
        return switch (event) {
            case Event.TaskOpened o -> new Task(true, false, 0);
            case Event.TaskClosed c -> new Task(true, true, state.points);
            case Event.PointsAssigned a -> new Task(true, state.closed, state.points + a.points());
        };
    }
}
