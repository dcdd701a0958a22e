package dev.vellum.examples.points;

import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import java.util.HashSet;
import java.util.Set;

/**
 * A project with a budget of points, as a decider: points are reserved for a task (and refused
 * when the budget is short), and released again when the assignment fails.
 *
 * @param exists true once created
 * @param available the points not reserved
 * @param reserved the assignments holding points
 */
public record Project(boolean exists, int available, Set<String> reserved) {

    /** The project's commands. */
    public sealed interface Command {
        /** @param points the budget */
        record Create(int points) implements Command {
        }

        /** @param assignmentId the assignment @param taskId the task that gets the points @param points how many */
        record ReservePoints(String assignmentId, String taskId, int points) implements Command {
        }

        /** Gives back the points of a failed assignment. @param assignmentId the assignment @param points how many */
        record ReleasePoints(String assignmentId, int points) implements Command {
        }
    }

    /** The project's events, in streams {@code project-<id>}. */
    public sealed interface Event {
        /** @param points the budget */
        record ProjectCreated(int points) implements Event {
        }

        /** @param assignmentId the assignment @param taskId the task @param points how many */
        record PointsReserved(String assignmentId, String taskId, int points) implements Event {
        }

        /** @param assignmentId the assignment @param points how many */
        record PointsReleased(String assignmentId, int points) implements Event {
        }
    }

    /** A project before it is created. */
    public static final Project NONE = new Project(false, 0, Set.of());

    /** Its behaviour. */
    public static final Decider<Command, Project, Event> DECIDER = Decider.of(NONE, Project::decide, Project::evolve);

    static Decision<Event> decide(Command command, Project state) {
        return switch (command) {
            case Command.Create c when state.exists -> Decision.reject("project-exists", "the project already exists");
            case Command.Create c -> Decision.accept(new Event.ProjectCreated(c.points()));
            case Command.ReservePoints r when !state.exists -> Decision.reject("project-unknown", "no such project");
            case Command.ReservePoints r when r.points() > state.available -> Decision.reject("insufficient-points",
                    "the project has " + state.available + " points left, " + r.points() + " were asked for");
            case Command.ReservePoints r -> Decision.accept(new Event.PointsReserved(r.assignmentId(), r.taskId(), r.points()));
            case Command.ReleasePoints r when !state.reserved.contains(r.assignmentId()) -> Decision.accept();
            case Command.ReleasePoints r -> Decision.accept(new Event.PointsReleased(r.assignmentId(), r.points()));
        };
    }

    static Project evolve(Project state, Event event) {
        return switch (event) {
            case Event.ProjectCreated c -> new Project(true, c.points(), Set.of());
            case Event.PointsReserved r -> new Project(true, state.available - r.points(), plus(state.reserved, r.assignmentId()));
            case Event.PointsReleased r -> new Project(true, state.available + r.points(), minus(state.reserved, r.assignmentId()));
        };
    }

    private static Set<String> plus(Set<String> set, String value) {
        Set<String> copy = new HashSet<>(set);
        copy.add(value);
        return Set.copyOf(copy);
    }

    private static Set<String> minus(Set<String> set, String value) {
        Set<String> copy = new HashSet<>(set);
        copy.remove(value);
        return Set.copyOf(copy);
    }
}
