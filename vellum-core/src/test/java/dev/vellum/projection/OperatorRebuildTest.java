package dev.vellum.projection;

import static dev.vellum.projection.ProjectionFixtures.append;
import static dev.vellum.projection.ProjectionFixtures.awaitCheckpoint;
import static dev.vellum.projection.ProjectionFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.store.Position;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.worker.ActionOutcome;
import dev.vellum.worker.ControlNotSupportedException;
import dev.vellum.worker.OperatorAction;
import dev.vellum.worker.RecordedAction;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An operator's rebuild of a running projection version (the REBUILD control): its next generation is
 * built beside the serving one, which answers queries throughout, and takes over when caught up;
 * restarts in the middle and after the take-over; refusals.
 */
class OperatorRebuildTest {

    private static final String WORKER = "projection.orders.v1";

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final WorkerRegistry registry = WorkerRegistry.open(store, "node-1");
    private ProjectionRunner runner = newRunner();
    /** The read model: each copy's applied positions, as an in-memory read model keeps them per copy. */
    private final Map<ProjectionId, Set<Long>> model = new ConcurrentHashMap<>();
    /** When set, the handler of a rebuilt generation waits here on its first event. */
    private volatile CountDownLatch holdRebuild;

    @AfterEach
    void close() {
        runner.close();
        registry.close();
        store.close();
    }

    private ProjectionRunner newRunner() {
        return ProjectionRunner.builder(store).batchSize(50).registry(registry).build();
    }

    private Projection<ProjectionContext> orders() {
        return Projection.builder("orders").handler((context, event) -> {
            CountDownLatch hold = holdRebuild;
            if (hold != null && context.projection().generation() > 1) {
                hold.await();
            }
            model.computeIfAbsent(context.projection(), id -> ConcurrentHashMap.newKeySet()).add(event.position().value());
        }).build();
    }

    /** What a query sees: the serving copy's positions. */
    private Set<Long> query() {
        return checkpoints.active("orders").map(id -> model.getOrDefault(id, Set.of())).orElse(Set.of());
    }

    private ActionOutcome rebuild(String worker) {
        return registry.act(OperatorAction.of(worker, WorkerControl.REBUILD, null, "ann", "new index"));
    }

    @Test
    void theNextGenerationBuildsBesideTheServingOneWhichAnswersThroughoutThenTakesOver() throws Exception {
        append(store, "Counted", 1_000, 10);
        RunningProjection orders = runner.start(orders(), checkpoints);
        awaitCheckpoint(orders, store.head());
        eventually("live", () -> orders.status().state() == WorkerState.LIVE);
        Set<Long> before = Set.copyOf(query());
        assertThat(before).hasSize(1_000);

        holdRebuild = new CountDownLatch(1);
        assertThat(rebuild(WORKER).result()).isEqualTo(ActionOutcome.Result.DONE);
        RunningProjection building = orders.rebuilding().orElseThrow();
        assertThat(building.id()).isEqualTo(new ProjectionId("orders", 1, 2));
        assertThat(registry.status("projection.orders.v1.rebuild").state()).isEqualTo(WorkerState.REBUILDING);
        assertThat(orders.status().state()).isEqualTo(WorkerState.LIVE);

        List<Integer> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean querying = new AtomicBoolean(true);
        Thread reader = Thread.ofPlatform().start(() -> {
            while (querying.get()) {
                seen.add(query().size());
            }
        });
        Position more = append(store, "Counted", 100, 10); // the serving copy follows these meanwhile
        awaitCheckpoint(orders, more);
        holdRebuild.countDown();
        eventually("generation 2 took over", () -> checkpoints.active("orders").orElseThrow().generation() == 2);
        querying.set(false);
        reader.join();

        assertThat(seen).isNotEmpty().allSatisfy(size -> assertThat(size).as("never empty, never half built")
                .isGreaterThanOrEqualTo(1_000));
        assertThat(orders.id()).as("the same handle serves the new generation").isEqualTo(building.id());
        assertThat(orders.name()).isEqualTo(WORKER);
        assertThat(orders.rebuilding()).isEmpty();
        eventually("the rebuild worker is gone", () -> registry.find("projection.orders.v1.rebuild").isEmpty());
        eventually("generation 1 is dropped", () -> checkpoints.checkpoints(ProjectionId.of("orders", 1)).isEmpty());
        Position last = append(store, "Counted", 5, 5);
        awaitCheckpoint(orders, last);
        assertThat(query()).as("equals a build from scratch").isEqualTo(allPositions(last));
        eventually("live", () -> registry.status(WORKER).state() == WorkerState.LIVE);
        assertThat(registry.actions()).extracting(RecordedAction::action).extracting(OperatorAction::control)
                .containsExactly(WorkerControl.REBUILD);
    }

    @Test
    void aRestartInTheMiddleOfARebuildResumesItAndItFinishes() throws Exception {
        append(store, "Counted", 1_000, 10);
        RunningProjection orders = runner.start(orders(), checkpoints);
        awaitCheckpoint(orders, store.head());
        eventually("live", () -> orders.status().state() == WorkerState.LIVE);
        CountDownLatch hold = new CountDownLatch(1);
        holdRebuild = hold;
        rebuild(WORKER);
        ProjectionId next = new ProjectionId("orders", 1, 2);
        eventually("the rebuild has its checkpoints", () -> checkpoints.checkpoints(next).isPresent());

        Thread closing = Thread.ofPlatform().start(runner::close); // the node goes down mid-rebuild
        Thread.sleep(50);
        hold.countDown(); // the batch being applied finishes, then the rebuild stops
        closing.join();
        holdRebuild = null;
        assertThat(checkpoints.active("orders")).contains(ProjectionId.of("orders", 1));
        assertThat(checkpoints.checkpoints(next).orElseThrow().low().value()).isLessThan(store.head().value());

        runner = newRunner();
        RunningProjection again = runner.start(orders(), checkpoints);
        assertThat(again.rebuilding()).as("resumed on start").isPresent();
        eventually("generation 2 took over", () -> checkpoints.active("orders").equals(java.util.Optional.of(next)));
        eventually("the handle runs it", () -> again.id().equals(next));
        awaitCheckpoint(again, store.head());
        assertThat(query()).isEqualTo(allPositions(store.head()));
    }

    @Test
    void aRestartAfterTheTakeOverServesTheNewGeneration() throws Exception {
        append(store, "Counted", 300, 3);
        RunningProjection orders = runner.start(orders(), checkpoints);
        awaitCheckpoint(orders, store.head());
        eventually("live", () -> orders.status().state() == WorkerState.LIVE);
        rebuild(WORKER);
        eventually("generation 2 took over", () -> orders.id().generation() == 2);
        runner.close();

        runner = newRunner();
        RunningProjection again = runner.start(orders(), checkpoints);
        assertThat(again.id()).isEqualTo(new ProjectionId("orders", 1, 2));
        assertThat(again.rebuilding()).isEmpty();
        Position last = append(store, "Counted", 10, 2);
        awaitCheckpoint(again, last);
        assertThat(query()).isEqualTo(allPositions(last));
        assertThat(model).as("generation 1 was not run again").doesNotContainKey(new ProjectionId("orders", 1, 3));
        eventually("live again", () -> again.status().state() == WorkerState.LIVE);
        rebuild(WORKER); // and it can be rebuilt again, as generation 3
        eventually("generation 3 took over", () -> again.id().generation() == 3);
        eventually("generation 2 is dropped", () -> checkpoints.checkpoints(new ProjectionId("orders", 1, 2)).isEmpty());
    }

    @Test
    void aRebuildIsRefusedWhileOneRunsOrBeforeTheVersionIsLiveAndNothingChanges() throws Exception {
        append(store, "Counted", 300, 3);
        RunningProjection orders = runner.start(orders(), checkpoints);
        awaitCheckpoint(orders, store.head());
        orders.pause();
        assertThatThrownBy(() -> rebuild(WORKER)).isInstanceOf(ProjectionRebuildException.class)
                .hasMessageContaining("PAUSED, not caught up").hasMessageContaining("Nothing changed");
        assertThat(checkpoints.checkpoints(new ProjectionId("orders", 1, 2))).isEmpty();
        orders.resume();
        eventually("live", () -> orders.status().state() == WorkerState.LIVE);

        holdRebuild = new CountDownLatch(1);
        rebuild(WORKER);
        assertThatThrownBy(() -> rebuild(WORKER)).isInstanceOf(ProjectionRebuildException.class)
                .hasMessageContaining("already runs").hasMessageContaining("orders v1 generation 2");
        assertThatThrownBy(() -> rebuild("projection.orders.v1.rebuild")).isInstanceOf(ControlNotSupportedException.class);
        assertThat(registry.actions()).extracting(a -> a.outcome().orElseThrow().result())
                .containsExactly(ActionOutcome.Result.FAILED, ActionOutcome.Result.DONE, ActionOutcome.Result.FAILED);
        assertThat(checkpoints.checkpoints(new ProjectionId("orders", 1, 3))).isEmpty();
        holdRebuild.countDown();
        eventually("generation 2 took over", () -> orders.id().generation() == 2);
    }

    @Test
    void aNewVersionStillBuildingCannotBeRebuilt() throws Exception {
        append(store, "Counted", 200, 2);
        RunningProjection v1 = runner.start(orders(), checkpoints);
        awaitCheckpoint(v1, store.head());
        CountDownLatch hold = new CountDownLatch(1);
        RunningProjection v2 = runner.start(Projection.builder("orders").version(2).handler((c, e) -> hold.await())
                .build(), checkpoints);
        assertThatThrownBy(v2::rebuild).isInstanceOf(ProjectionRebuildException.class)
                .hasMessageContaining("does not serve queries ('orders v1' does)");
        hold.countDown();
    }

    @Test
    void aRebuildNeverTakesOverFromANewerVersionThatTookOverFirst() throws Exception {
        append(store, "Counted", 300, 3);
        RunningProjection v1 = runner.start(orders(), checkpoints);
        awaitCheckpoint(v1, store.head());
        eventually("live", () -> v1.status().state() == WorkerState.LIVE);
        CountDownLatch hold = new CountDownLatch(1);
        holdRebuild = hold;
        v1.rebuild();
        RunningProjection rebuilding = v1.rebuilding().orElseThrow();

        ProjectionId v2 = ProjectionId.of("orders", 2); // the new code took over on another node meanwhile
        try (CheckpointStore.Transaction<ProjectionContext> tx = checkpoints.begin(v2)) {
            tx.resetCheckpoints(Checkpoints.at(1, store.head()));
            tx.activate();
            tx.commit();
        }
        hold.countDown();
        awaitCheckpoint(rebuilding, store.head());
        Thread.sleep(200); // a few of the rebuild's turns at the take-over
        assertThat(checkpoints.active("orders")).as("still version 2").contains(v2);
        assertThat(rebuilding.status().state()).isEqualTo(WorkerState.REBUILDING);
    }

    private static Set<Long> allPositions(Position last) {
        Set<Long> all = new java.util.HashSet<>();
        for (long p = 1; p <= last.value(); p++) {
            all.add(p);
        }
        return all;
    }
}
