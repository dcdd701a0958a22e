package dev.vellum.projection;

import static dev.vellum.projection.ProjectionFixtures.append;
import static dev.vellum.projection.ProjectionFixtures.awaitCheckpoint;
import static dev.vellum.projection.ProjectionFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.projection.ProjectionFixtures.Recorder;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.store.InvalidNameException;
import dev.vellum.store.Position;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProjectionRunnerTest {

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final ProjectionRunner runner = ProjectionRunner.builder(store).batchSize(50).build();

    @AfterEach
    void close() {
        runner.close();
        store.close();
    }

    @Test
    void catchesUpInOrderThenFollowsLiveAppends() throws Exception {
        append(store, "Counted", 1_234, 7);
        Recorder recorder = new Recorder();
        RunningProjection counter = runner.start(Projection.builder("counter").handler(recorder.handler()).build(),
                checkpoints);
        awaitCheckpoint(counter, store.head());
        assertThat(recorder.positions()).containsExactlyElementsOf(LongStream.rangeClosed(1, 1_234).boxed().toList());
        eventually("it is live", () -> counter.status().state() == WorkerState.LIVE);

        Position last = append(store, "Counted", 10, 3);
        awaitCheckpoint(counter, last);
        assertThat(recorder.positions()).hasSize(1_244).endsWith(1_244L);
        assertThat(checkpoints.checkpoints(counter.id())).isPresent();
    }

    @Test
    void handlesOnlyItsEventTypesAndStillReachesTheHead() throws Exception {
        append(store, "Counted", 30, 3);
        append(store, "Other", 30, 3);
        Recorder recorder = new Recorder();
        RunningProjection counter = runner.start(Projection.builder("typed").handles("Counted")
                .handler(recorder.handler()).build(), checkpoints);
        awaitCheckpoint(counter, store.head());
        assertThat(recorder.seen).hasSize(30).allSatisfy(e -> assertThat(e.type()).isEqualTo("Counted"));
        eventually("the status shows no lag", () -> counter.status().lagEvents() == 0);
    }

    @Test
    void stopAndStartResumeExactlyWhereItStopped() throws Exception {
        append(store, "Counted", 500, 5);
        Recorder recorder = new Recorder();
        Projection<ProjectionContext> projection = Projection.builder("resume").handler(recorder.handler()).build();
        RunningProjection first = runner.start(projection, checkpoints);
        awaitCheckpoint(first, store.head());
        first.stop();
        assertThat(first.status().state()).isEqualTo(WorkerState.STOPPED);

        append(store, "Counted", 250, 5);
        RunningProjection second = runner.start(projection, checkpoints);
        awaitCheckpoint(second, store.head());
        assertThat(recorder.positions()).containsExactlyElementsOf(LongStream.rangeClosed(1, 750).boxed().toList());
    }

    @Test
    void setupRunsOnceForAVersionAndAgainOnReset() throws Exception {
        append(store, "Counted", 20, 2);
        AtomicInteger setups = new AtomicInteger();
        Recorder recorder = new Recorder();
        Projection<ProjectionContext> projection = Projection.builder("resettable")
                .setup(context -> setups.incrementAndGet()).handler(recorder.handler()).build();
        RunningProjection running = runner.start(projection, checkpoints);
        awaitCheckpoint(running, store.head());
        running.stop();
        running = runner.start(projection, checkpoints);
        assertThat(setups).hasValue(1);

        running.reset();
        awaitCheckpoint(running, store.head());
        assertThat(setups).hasValue(2);
        assertThat(recorder.positions()).hasSize(40); // everything again, from position 1
        assertThat(recorder.positions().subList(20, 40)).containsExactlyElementsOf(recorder.positions().subList(0, 20));
    }

    @Test
    void refusesToRunTheSameVersionTwiceOrAnOlderVersion() throws Exception {
        Projection<ProjectionContext> v2 = Projection.builder("versions").version(2).handler((c, e) -> { }).build();
        runner.start(v2, checkpoints);
        assertThatThrownBy(() -> runner.start(v2, checkpoints)).isInstanceOf(ProjectionVersionException.class)
                .hasMessageContaining("already running");
        Projection<ProjectionContext> v1 = Projection.builder("versions").version(1).handler((c, e) -> { }).build();
        assertThatThrownBy(() -> runner.start(v1, checkpoints)).isInstanceOf(ProjectionVersionException.class)
                .hasMessageContaining("served by version 2");
    }

    @Test
    void anOldHandleCannotRunAgainOnceTheVersionWasStartedAnew() throws Exception {
        append(store, "Counted", 10, 2);
        Recorder recorder = new Recorder();
        Projection<ProjectionContext> projection = Projection.builder("handles").handler(recorder.handler()).build();
        RunningProjection first = runner.start(projection, checkpoints);
        awaitCheckpoint(first, store.head());
        first.stop();
        RunningProjection second = runner.start(projection, checkpoints);
        assertThatThrownBy(first::reset).isInstanceOf(ProjectionException.class).hasMessageContaining("was replaced");
        assertThat(first.status().state()).isEqualTo(WorkerState.STOPPED);
        awaitCheckpoint(second, store.head());
        assertThat(recorder.positions()).hasSize(10);
    }

    @Test
    void aFailingSetupStartsNothing() {
        Projection<ProjectionContext> broken = Projection.builder("broken-setup")
                .setup(context -> {
                    throw new IllegalStateException("no disk");
                })
                .handler((c, e) -> { }).build();
        assertThatThrownBy(() -> runner.start(broken, checkpoints)).isInstanceOf(ProjectionException.class)
                .hasMessageContaining("no disk");
        assertThat(checkpoints.checkpoints(broken.id())).isEmpty();
        assertThat(runner.projections()).isEmpty();
    }

    @Test
    void invalidDefinitionsAreTypedErrors() {
        assertThatThrownBy(() -> Projection.builder("has space")).isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> Projection.builder("p".repeat(81))).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> Projection.builder("x").build()).isInstanceOf(InvalidProjectionException.class)
                .hasMessageContaining("no handler");
        assertThatThrownBy(() -> Projection.builder("x").version(0).handler((c, e) -> { }).build())
                .isInstanceOf(InvalidProjectionException.class).hasMessageContaining("versions start at 1");
        assertThatThrownBy(() -> Projection.builder("x").partitions(0)).isInstanceOf(InvalidProjectionException.class);
    }

    @Test
    void listsWhatItRunsWithStatuses() throws Exception {
        append(store, "Counted", 5, 1);
        RunningProjection a = runner.start(Projection.builder("a").handler((c, e) -> { }).build(), checkpoints);
        RunningProjection b = runner.start(Projection.builder("b").handler((c, e) -> { }).build(), checkpoints);
        awaitCheckpoint(a, store.head());
        awaitCheckpoint(b, store.head());
        assertThat(runner.projections()).extracting(RunningProjection::id)
                .containsExactly(ProjectionId.of("a", 1), ProjectionId.of("b", 1));
        assertThat(runner.statuses()).extracting(WorkerStatus::checkpoint)
                .containsExactly(Position.of(5), Position.of(5));
        assertThat(runner.find(ProjectionId.of("a", 1))).containsSame(a);
        assertThat(List.of(a, b)).allSatisfy(p -> assertThat(p.status().head()).isEqualTo(Position.of(5)));
    }
}
