package dev.vellum.examples.points;

import static dev.vellum.examples.support.Deployment.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.CommandResult;
import dev.vellum.examples.support.Deployment;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.store.EventStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.timer.TimerStore;
import dev.vellum.timer.TimerWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Points move from a project to a task, or come back when the task refuses, on both stores; the user sees either. */
class PointsAssignmentTest {

    @TempDir
    static Path root;

    static Stream<String> deployments() {
        return Stream.of("memory", "sqlite");
    }

    private static Deployment deployment(String kind, String test) {
        return kind.equals("memory") ? Deployment.inMemory() : Deployment.sqlite(root.resolve(test));
    }

    private static PointsAssignment start(Deployment deployment) {
        return deployment.start(new Deployment.Starter<>() {
            @Override
            public <C extends ProjectionContext, S extends TimerStore & TimerWriter<? super C>> PointsAssignment start(
                    EventStore store, CheckpointStore<C> checkpoints, S timers) {
                return PointsAssignment.start(store, checkpoints, timers);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void pointsMoveToAnOpenTask(String kind) throws Exception {
        try (Deployment deployment = deployment(kind, "success-" + kind);
             PointsAssignment points = start(deployment)) {
            points.createProject("apollo", 100);
            points.openTask("t1");

            assertThat(points.assign("a1", "apollo", "t1", 30)).isInstanceOf(CommandResult.Accepted.class);
            await("the assignment ended", () -> points.assignment("a1").status() == Assignment.Status.COMPLETED);

            assertThat(points.project("apollo").available()).isEqualTo(70);
            assertThat(points.task("t1").points()).isEqualTo(30);
            List<RecordedEvent> process = deployment.store().readAll(Position.START, LogFilter.categories("pointsassignment"), 100);
            assertThat(process).extracting(RecordedEvent::type).containsExactly("AssignmentStarted", "AssignmentCompleted");
            RecordedEvent assigned = deployment.store().readAll(Position.START, LogFilter.types("PointsAssigned"), 10).getFirst();
            assertThat(assigned.metadata().correlationId()).isEqualTo("a1");
        }
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void aClosedTaskRefusesAndTheProjectGetsItsPointsBack(String kind) throws Exception {
        try (Deployment deployment = deployment(kind, "compensation-" + kind);
             PointsAssignment points = start(deployment)) {
            points.createProject("apollo", 100);
            points.openTask("t1");
            points.closeTask("t1");

            points.assign("a2", "apollo", "t1", 40);
            await("the assignment ended", () -> points.assignment("a2").status() == Assignment.Status.FAILED);

            assertThat(points.assignment("a2").reason()).isEqualTo("the task is closed");
            assertThat(points.project("apollo").available()).isEqualTo(100);
            assertThat(points.task("t1").points()).isZero();
            assertThat(deployment.store().readAll(Position.START, LogFilter.types("PointsReleased"), 10)).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void tooFewPointsIsRefusedAtOnceAndStartsNoProcess(String kind) throws Exception {
        try (Deployment deployment = deployment(kind, "refused-" + kind);
             PointsAssignment points = start(deployment)) {
            points.createProject("apollo", 10);
            points.openTask("t1");

            CommandResult<Project.Event> result = points.assign("a3", "apollo", "t1", 40);

            assertThat(result).isInstanceOfSatisfying(CommandResult.Rejected.class,
                    r -> assertThat(r.code()).isEqualTo("insufficient-points"));
            assertThat(points.process().awaitCheckpoint(deployment.store().head(), java.time.Duration.ofSeconds(5))).isTrue();
            assertThat(points.assignment("a3").status()).isEqualTo(Assignment.Status.NONE);
        }
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void aRestartInTheMiddleFinishesEveryAssignmentExactlyOnce(String kind) throws Exception {
        try (Deployment deployment = deployment(kind, "restart-" + kind)) {
            try (PointsAssignment points = start(deployment)) {
                points.createProject("apollo", 1_000);
                for (int t = 0; t < 5; t++) {
                    points.openTask("t" + t);
                }
            }
            deployment.restart();
            try (PointsAssignment points = start(deployment)) {
                for (int a = 0; a < 10; a++) {
                    points.assign("a" + a, "apollo", "t" + (a % 5), 10);
                }
            }
            deployment.restart(); // some assignments were still in flight
            try (PointsAssignment points = start(deployment)) {
                for (int a = 0; a < 10; a++) {
                    String id = "a" + a;
                    await(id + " completed", () -> points.assignment(id).status() == Assignment.Status.COMPLETED);
                }
                assertThat(points.project("apollo").available()).isEqualTo(900);
                for (int t = 0; t < 5; t++) {
                    assertThat(points.task("t" + t).points()).isEqualTo(20);
                }
            }
        }
    }
}
