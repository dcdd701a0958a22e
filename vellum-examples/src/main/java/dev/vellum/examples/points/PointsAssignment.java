package dev.vellum.examples.points;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.CommandResult;
import dev.vellum.process.CommandRouter;
import dev.vellum.process.ProcessManager;
import dev.vellum.process.RunningProcess;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.EventStore;
import dev.vellum.store.StreamId;
import dev.vellum.timer.TimerStore;

/**
 * "Assign points from a project to a task across two aggregates, with failure visible to the
 * user": the project reserves the points (or refuses at once, which the caller sees in the command
 * result); the {@code pointsassignment} process manager, correlating by assignment id, asks the
 * task to take them and gives them back to the project if the task refuses. The assignment's
 * state shows the user how it ended.
 */
public final class PointsAssignment implements AutoCloseable {

    /** Every event type of the example. */
    public static final EventTypes TYPES = EventTypes.builder()
            .register("ProjectCreated", Project.Event.ProjectCreated.class)
            .register("PointsReserved", Project.Event.PointsReserved.class)
            .register("PointsReleased", Project.Event.PointsReleased.class)
            .register("TaskOpened", Task.Event.TaskOpened.class)
            .register("TaskClosed", Task.Event.TaskClosed.class)
            .register("PointsAssigned", Task.Event.PointsAssigned.class)
            .register("AssignmentStarted", Assignment.Event.AssignmentStarted.class)
            .register("AssignmentCompleted", Assignment.Event.AssignmentCompleted.class)
            .register("AssignmentCompensating", Assignment.Event.AssignmentCompensating.class)
            .register("AssignmentFailed", Assignment.Event.AssignmentFailed.class)
            .build();

    private final CommandHandler<Project.Command, Project, Project.Event> projects;
    private final CommandHandler<Task.Command, Task, Task.Event> tasks;
    private final RunningProcess<Assignment> process;

    private PointsAssignment(EventStore store, CheckpointStore<? extends ProjectionContext> checkpoints, TimerStore timers) {
        this.projects = CommandHandler.builder(store, TYPES, Project.Event.class, Project.DECIDER).build();
        this.tasks = CommandHandler.builder(store, TYPES, Task.Event.class, Task.DECIDER).build();
        CommandRouter router = CommandRouter.builder()
                .route(Project.Command.class, projects)
                .route(Task.Command.class, tasks)
                .build();
        this.process = processManager().start(store, checkpoints, timers, router);
    }

    /** Starts the process manager; the aggregates' command handlers come with it. */
    public static PointsAssignment start(EventStore store, CheckpointStore<? extends ProjectionContext> checkpoints,
            TimerStore timers) {
        return new PointsAssignment(store, checkpoints, timers);
    }

    /** The process manager. */
    public static ProcessManager<Assignment, Assignment.Event> processManager() {
        return ProcessManager.<Assignment, Assignment.Event>builder("pointsassignment", TYPES, Assignment.Event.class)
                .categories("project")
                .handles("PointsReserved")
                .correlate((event, recorded) -> event instanceof Project.Event.PointsReserved r
                        ? java.util.Optional.of(r.assignmentId()) : java.util.Optional.empty())
                .decider(Assignment.DECIDER)
                .actions(Assignment::actions)
                .build();
    }

    /** Creates a project with a budget. */
    public CommandResult<Project.Event> createProject(String projectId, int points) {
        return projects.handle(StreamId.of("project", projectId), new Project.Command.Create(points),
                CommandMetadata.of("create-project-" + projectId));
    }

    /** Opens a task. */
    public CommandResult<Task.Event> openTask(String taskId) {
        return tasks.handle(StreamId.of("task", taskId), new Task.Command.Open(), CommandMetadata.of("open-task-" + taskId));
    }

    /** Closes a task: it takes no more points. */
    public CommandResult<Task.Event> closeTask(String taskId) {
        return tasks.handle(StreamId.of("task", taskId), new Task.Command.Close(), CommandMetadata.of("close-task-" + taskId));
    }

    /**
     * Starts assigning {@code points} of a project to a task. A rejection (too few points) is the
     * answer at once; when accepted, the process takes over: see {@link #assignment(String)}.
     */
    public CommandResult<Project.Event> assign(String assignmentId, String projectId, String taskId, int points) {
        return projects.handle(StreamId.of("project", projectId),
                new Project.Command.ReservePoints(assignmentId, taskId, points),
                CommandMetadata.of("assign-" + assignmentId).withCorrelationId(assignmentId));
    }

    /** How an assignment stands. */
    public Assignment assignment(String assignmentId) {
        return process.instance(assignmentId).state();
    }

    /** The project's state. */
    public Project project(String projectId) {
        return projects.load(StreamId.of("project", projectId)).state();
    }

    /** The task's state. */
    public Task task(String taskId) {
        return tasks.load(StreamId.of("task", taskId)).state();
    }

    /** The running process manager. */
    public RunningProcess<Assignment> process() {
        return process;
    }

    /** Stops the process manager. */
    @Override
    public void close() {
        process.close();
    }
}
