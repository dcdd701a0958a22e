package dev.vellum.projection;

import static dev.vellum.projection.ProjectionFixtures.append;
import static dev.vellum.projection.ProjectionFixtures.awaitCheckpoint;
import static dev.vellum.projection.ProjectionFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.retry.Retries;
import dev.vellum.store.Position;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.worker.ActionOutcome;
import dev.vellum.worker.ControlNotSupportedException;
import dev.vellum.worker.OperatorAction;
import dev.vellum.worker.RecordedAction;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An operator abandons a rebuild (the CANCEL_REBUILD control): the generation being built stops and is
 * dropped, its worker goes, the serving generation answers and follows the log throughout, the action
 * is in the operator log, and a restart does not bring the rebuild back. Refusals: no rebuild, one that
 * took over first, the rebuild's own worker.
 */
class CancelRebuildTest {

    private static final String WORKER = "projection.orders.v1";
    private static final ProjectionId SECOND = new ProjectionId("orders", 1, 2);

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final WorkerRegistry registry = WorkerRegistry.open(store, "node-1");
    private ProjectionRunner runner = newRunner();
    /** The read model: each copy's applied positions. */
    private final Map<ProjectionId, Set<Long>> model = new ConcurrentHashMap<>();
    /** While set, a rebuilt generation takes 2 ms an event, and parks every one of them. */
    private volatile boolean brokenRebuild = true;

    @AfterEach
    void close() {
        runner.close();
        registry.close();
        store.close();
    }

    private ProjectionRunner newRunner() {
        return ProjectionRunner.builder(store).batchSize(20).registry(registry).build();
    }

    private Projection<ProjectionContext> orders() {
        return Projection.builder("orders").retries(Retries.none()).errorPolicy(ErrorPolicy.PARK)
                .handler((context, event) -> {
                    if (brokenRebuild && context.projection().generation() > 1) {
                        Thread.sleep(2);
                        throw new IllegalStateException("the new index rejects " + event.stream());
                    }
                    model.computeIfAbsent(context.projection(), id -> ConcurrentHashMap.newKeySet())
                            .add(event.position().value());
                }).build();
    }

    /** What a query sees: the serving copy's positions. */
    private Set<Long> query() {
        return checkpoints.active("orders").map(id -> model.getOrDefault(id, Set.of())).orElse(Set.of());
    }

    private ActionOutcome act(String worker, WorkerControl control, String reason) {
        return registry.act(OperatorAction.of(worker, control, null, "ann", reason));
    }

    private RunningProjection liveOrders() throws InterruptedException {
        append(store, "Counted", 1_000, 10);
        RunningProjection orders = runner.start(orders(), checkpoints);
        awaitCheckpoint(orders, store.head());
        eventually("live", () -> orders.status().state() == WorkerState.LIVE);
        return orders;
    }

    @Test
    void aRebuildThatParksEverythingIsCancelledAndDroppedWhileTheServingGenerationGoesOnUntouched() throws Exception {
        RunningProjection orders = liveOrders();
        act(WORKER, WorkerControl.REBUILD, "new index");
        RunningProjection building = orders.rebuilding().orElseThrow();
        eventually("the rebuild parks its events", () -> building.status().parkedEvents() > 5);
        assertThat(building.status().state()).isEqualTo(WorkerState.REBUILDING);

        ActionOutcome cancelled = act(WORKER, WorkerControl.CANCEL_REBUILD, "the new index parks every order");
        assertThat(cancelled.result()).isEqualTo(ActionOutcome.Result.DONE);
        assertThat(orders.rebuilding()).isEmpty();
        assertThat(registry.find(WORKER + ".rebuild")).as("its worker is gone").isEmpty();
        assertThat(checkpoints.checkpoints(SECOND)).as("its checkpoints are dropped").isEmpty();
        assertThat(checkpoints.parkedEvents(SECOND)).as("and its parked events").isEmpty();
        assertThat(checkpoints.active("orders")).contains(ProjectionId.of("orders", 1));
        assertThat(orders.id()).isEqualTo(ProjectionId.of("orders", 1));
        assertThat(building.status().state()).as("it no longer runs").isIn(WorkerState.STOPPED, WorkerState.FAILED);
        assertThatThrownBy(building::resume).as("and cannot run again").isInstanceOf(ProjectionException.class);

        Position more = append(store, "Counted", 10, 2);
        awaitCheckpoint(orders, more);
        assertThat(query()).as("the serving generation follows the log").isEqualTo(allPositions(more));
        eventually("live", () -> registry.status(WORKER).state() == WorkerState.LIVE);
        assertThat(registry.actions()).extracting(RecordedAction::action).extracting(OperatorAction::control)
                .containsExactly(WorkerControl.REBUILD, WorkerControl.CANCEL_REBUILD);
        RecordedAction recorded = registry.actions().get(1);
        assertThat(recorded.action().actor()).isEqualTo("ann");
        assertThat(recorded.action().reason()).isEqualTo("the new index parks every order");
        assertThat(recorded.action().at()).isNotNull();
        assertThat(recorded.outcome().orElseThrow().result()).isEqualTo(ActionOutcome.Result.DONE);

        brokenRebuild = false;
        act(WORKER, WorkerControl.REBUILD, "fixed the index");
        assertThat(orders.rebuilding()).map(RunningProjection::id).as("the next rebuild starts afresh").contains(SECOND);
        eventually("generation 2 took over", () -> orders.id().equals(SECOND));
        awaitCheckpoint(orders, store.head());
        assertThat(query()).isEqualTo(allPositions(store.head()));
    }

    @Test
    void aPausedOrFailedRebuildIsCancelledTooAndARestartDoesNotBringItBack() throws Exception {
        RunningProjection orders = liveOrders();
        orders.rebuild();
        RunningProjection building = orders.rebuilding().orElseThrow();
        building.pause();
        assertThat(building.status().state()).isEqualTo(WorkerState.PAUSED);
        orders.cancelRebuild();
        assertThat(checkpoints.checkpoints(SECOND)).isEmpty();

        runner.close();
        runner = newRunner();
        RunningProjection again = runner.start(orders(), checkpoints);
        assertThat(again.rebuilding()).as("nothing to resume").isEmpty();
        assertThat(again.id()).isEqualTo(ProjectionId.of("orders", 1));
        awaitCheckpoint(again, store.head());
        assertThat(query()).isEqualTo(allPositions(store.head()));
    }

    @Test
    void aCancelIsRefusedWithoutARebuildAfterATakeOverAndOnTheRebuildsOwnWorkerAndChangesNothing() throws Exception {
        RunningProjection orders = liveOrders();
        assertThatThrownBy(() -> act(WORKER, WorkerControl.CANCEL_REBUILD, null))
                .isInstanceOf(RebuildNotFoundException.class).hasMessageContaining("No rebuild of projection 'orders v1'")
                .hasMessageContaining("Nothing changed");

        orders.rebuild();
        assertThatThrownBy(() -> act(WORKER + ".rebuild", WorkerControl.CANCEL_REBUILD, null))
                .isInstanceOf(ControlNotSupportedException.class);
        assertThat(orders.rebuilding()).as("still building").isPresent();
        brokenRebuild = false;
        eventually("generation 2 took over", () -> orders.id().equals(SECOND));
        assertThatThrownBy(() -> act(WORKER, WorkerControl.CANCEL_REBUILD, "too late"))
                .isInstanceOf(RebuildNotFoundException.class).hasMessageContaining("No rebuild");
        assertThat(checkpoints.active("orders")).contains(SECOND);
        assertThat(registry.actions()).extracting(a -> a.outcome().orElseThrow().result())
                .containsExactly(ActionOutcome.Result.FAILED, ActionOutcome.Result.FAILED);
    }

    @Test
    void aNewVersionBuildingBesideAnOlderOneIsNoOperatorsRebuildToCancel() throws Exception {
        RunningProjection v1 = liveOrders();
        RunningProjection v2 = runner.start(Projection.builder("orders").version(2).handler((c, e) -> Thread.sleep(5))
                .build(), checkpoints);
        assertThatThrownBy(v2::cancelRebuild).isInstanceOf(RebuildNotFoundException.class)
                .hasMessageContaining("itself a new version building beside 'orders v1'");
        assertThat(v1.status().state()).isNotEqualTo(WorkerState.STOPPED);
        v2.stop();
    }

    private static Set<Long> allPositions(Position last) {
        Set<Long> all = new HashSet<>();
        for (long p = 1; p <= last.value(); p++) {
            all.add(p);
        }
        return all;
    }
}
