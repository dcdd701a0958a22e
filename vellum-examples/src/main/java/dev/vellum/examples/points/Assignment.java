package dev.vellum.examples.points;

import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.process.ProcessAction;
import dev.vellum.process.ProcessInput;
import dev.vellum.store.StreamId;
import java.util.List;

/**
 * The state of one points assignment, the process that moves points from a project to a task
 * like a bank transfer: the project has reserved them; the task is asked to take them; if it
 * refuses, the project gets them back (compensation). Success and failure both end in a state the
 * user can see.
 *
 * @param status where it stands
 * @param projectId the project
 * @param taskId the task
 * @param points how many
 * @param reason why it failed, or {@code null}
 */
public record Assignment(Status status, String projectId, String taskId, int points, String reason) {

    /** Where an assignment stands. */
    public enum Status {
        /** Nothing happened yet. */
        NONE,
        /** The points are reserved; the task is being asked. */
        STARTED,
        /** The task has the points. */
        COMPLETED,
        /** The task refused; the points are being given back. */
        COMPENSATING,
        /** The task refused and the project has its points back. */
        FAILED
    }

    /** The process's events, in streams {@code pointsassignment-<assignment id>}. */
    public sealed interface Event {
        /** @param assignmentId the assignment @param projectId the project @param taskId the task @param points how many */
        record AssignmentStarted(String assignmentId, String projectId, String taskId, int points) implements Event {
        }

        /** @param assignmentId the assignment */
        record AssignmentCompleted(String assignmentId) implements Event {
        }

        /** @param assignmentId the assignment @param projectId the project @param points how many @param reason the task's refusal */
        record AssignmentCompensating(String assignmentId, String projectId, int points, String reason) implements Event {
        }

        /** @param assignmentId the assignment @param reason the task's refusal */
        record AssignmentFailed(String assignmentId, String reason) implements Event {
        }
    }

    /** Before anything happened. */
    public static final Assignment NONE = new Assignment(Status.NONE, null, null, 0, null);

    /** The process's decider. */
    public static final Decider<ProcessInput, Assignment, Event> DECIDER = Decider.of(NONE, Assignment::decide,
            Assignment::evolve);

    static Decision<Event> decide(ProcessInput input, Assignment state) {
        return switch (input) {
            case ProcessInput.Observed(Project.Event.PointsReserved r, var recorded) when state.status == Status.NONE ->
                    Decision.accept(new Event.AssignmentStarted(r.assignmentId(), projectId(recorded.stream()), r.taskId(),
                            r.points()));
            case ProcessInput.CommandAccepted(var id, Task.Command.AssignPoints a) when state.status == Status.STARTED ->
                    Decision.accept(new Event.AssignmentCompleted(a.assignmentId()));
            case ProcessInput.CommandRejected(var id, Task.Command.AssignPoints a, var code, var reason)
                    when state.status == Status.STARTED ->
                    Decision.accept(new Event.AssignmentCompensating(a.assignmentId(), state.projectId, state.points, reason));
            case ProcessInput.CommandAccepted(var id, Project.Command.ReleasePoints r) when state.status == Status.COMPENSATING ->
                    Decision.accept(new Event.AssignmentFailed(r.assignmentId(), state.reason));
            default -> Decision.reject("not-applicable", "the assignment is " + state.status);
        };
    }

    static Assignment evolve(Assignment state, Event event) {
        return switch (event) {
            case Event.AssignmentStarted s -> new Assignment(Status.STARTED, s.projectId(), s.taskId(), s.points(), null);
            case Event.AssignmentCompleted c -> new Assignment(Status.COMPLETED, state.projectId, state.taskId, state.points, null);
            case Event.AssignmentCompensating c -> new Assignment(Status.COMPENSATING, state.projectId, state.taskId,
                    state.points, c.reason());
            case Event.AssignmentFailed f -> new Assignment(Status.FAILED, state.projectId, state.taskId, state.points, f.reason());
        };
    }

    /** The commands that follow from the process's events. */
    static List<ProcessAction> actions(Event event) {
        return switch (event) {
            case Event.AssignmentStarted s -> List.of(ProcessAction.send(StreamId.of("task", s.taskId()),
                    new Task.Command.AssignPoints(s.assignmentId(), s.points())));
            case Event.AssignmentCompensating c -> List.of(ProcessAction.send(StreamId.of("project", c.projectId()),
                    new Project.Command.ReleasePoints(c.assignmentId(), c.points())));
            case Event.AssignmentCompleted c -> List.of();
            case Event.AssignmentFailed f -> List.of();
        };
    }

    private static String projectId(StreamId stream) {
        return stream.value().substring("project-".length());
    }
}
