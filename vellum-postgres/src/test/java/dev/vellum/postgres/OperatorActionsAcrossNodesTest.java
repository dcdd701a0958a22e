package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.projection.ErrorPolicy;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.RebuildNotFoundException;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.reactor.Effect;
import dev.vellum.reactor.EffectNotFoundException;
import dev.vellum.reactor.EffectOutcomes;
import dev.vellum.reactor.EffectRequest;
import dev.vellum.reactor.Reactor;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.worker.ActionOutcome;
import dev.vellum.worker.OperatorAction;
import dev.vellum.worker.RecordedAction;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerElsewhereException;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in one JVM, each with its own event store instance, read-model pool, registry and leases
 * on one PostgreSQL: an operator action sent to the node that does not run the worker is carried out
 * by the node that does, and both nodes list the same operator log with that node's outcomes. A
 * rebuild sent that way runs on the owner, and when the owner goes away mid-rebuild, the node that
 * takes the lease over finishes it; a cancel of the rebuild sent that way drops it on the owner.
 */
class OperatorActionsAcrossNodesTest {

    private static final Duration TTL = Duration.ofMillis(600);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PROJECTION = "projection.stream-stats.v1";
    private static final String REACTOR = "reactor.approvals";

    /** An order to confirm by hand, and its confirmation. */
    record Ordered(String orderId) {
    }

    /** The outcome of a confirmation. */
    record Confirmed(String key) {
    }

    private static final EventTypes TYPES = EventTypes.builder().register("Ordered", Ordered.class)
            .register("Confirmed", Confirmed.class).build();

    private static Reactor<Confirmed> approvals(List<String> sent, String node) {
        EffectOutcomes<Confirmed> outcomes = new EffectOutcomes<>() {
            @Override
            public Confirmed succeeded(Effect effect, String receipt) {
                return new Confirmed(effect.key());
            }

            @Override
            public Confirmed failed(Effect effect, String error) {
                return new Confirmed(effect.key());
            }

            @Override
            public StreamId stream(Effect effect) {
                return StreamId.of("confirmed-" + effect.sourceStream().value());
            }
        };
        return Reactor.builder("approvals", TYPES, outcomes).handles("Ordered").startFromBeginning()
                .decide(event -> List.of(EffectRequest.needingApproval("{}")))
                .execute(effect -> {
                    sent.add(node + ":" + effect.sourceStream().value());
                    return "ok";
                })
                .build();
    }

    /** One node: its store instance, read-model pool, registry and leases. */
    private record Node(String name, PostgresEventStore store, HikariDataSource pool, PostgresReadModel readModel,
            WorkerRegistry registry, Leases leases) implements AutoCloseable {

        static Node open(String name, String schema) {
            PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
            HikariDataSource pool = TestDatabase.dataSourceIn(schema + "_read", 4);
            PostgresReadModel readModel = PostgresReadModel.open(pool);
            WorkerRegistry registry = WorkerRegistry.open(store, name);
            Leases leases = Leases.builder(store, pool).owner(name).timeToLive(TTL).registry(registry).open();
            return new Node(name, store, pool, readModel, registry, leases);
        }

        @Override
        public void close() {
            leases.close();
            registry.close();
            readModel.close();
            pool.close();
            store.close();
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Sends {@code control} through {@code node}, which does not run the worker, and waits for the outcome. */
    private static ActionOutcome sendThrough(Node node, String worker, WorkerControl control, String target)
            throws InterruptedException {
        OperatorAction action = OperatorAction.of(worker, control, target, "ann", "from the console on " + node.name());
        ActionOutcome sent = node.registry().act(action);
        assertThat(sent.result()).as("%s does not run %s: it sends the action on", node.name(), worker)
                .isEqualTo(ActionOutcome.Result.SENT);
        return node.registry().awaitOutcome(action.id(), WAIT).orElseThrow(() -> new AssertionError(
                "no node recorded the outcome of " + control + " on " + worker));
    }

    /** While set, the stream-stats projection takes a millisecond an event, so a rebuild lasts a few seconds. */
    private static volatile boolean slow;

    private static Projection<SqlContext> slowStats() {
        return PgStreamStats.projection(1, 1, event -> {
            if (slow) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return false;
        }, Projection.DEFAULT_RETRIES, ErrorPolicy.STOP);
    }

    private static List<String> rows(Node node) throws Exception {
        try (Connection c = node.readModel().openReader()) {
            return PgStreamStats.rows(c);
        }
    }

    @Test
    void aRebuildSentToTheOtherNodeRunsOnTheOwnerAndTheNodeThatTakesItOverFinishesIt() throws Exception {
        String schema = TestDatabase.freshSchema();
        ProjectionId second = new ProjectionId("stream-stats", 1, 2);
        List<String> built;
        try (Node b = Node.open("b", schema)) {
            try (Node a = Node.open("a", schema)) {
                appendBatches(a);
                a.leases().run(slowStats(), a.readModel());
                await("a runs it, live", () -> a.registry().status(PROJECTION).state() == WorkerState.LIVE);
                b.leases().run(slowStats(), b.readModel());
                built = rows(a);

                slow = true;
                assertThat(sendThrough(b, PROJECTION, WorkerControl.REBUILD, null))
                        .extracting(ActionOutcome::result, ActionOutcome::node).containsExactly(ActionOutcome.Result.DONE, "a");
                RunningProjection onA = a.leases().runningProjection("stream-stats").orElseThrow();
                assertThat(onA.rebuilding()).map(RunningProjection::id).contains(second);
                await("the rebuild has made a start", () -> b.readModel().checkpoints(second)
                        .filter(c -> c.low().value() > 200).isPresent());
            } // a goes away mid-rebuild
            assertThat(b.readModel().active("stream-stats")).as("still serving generation 1")
                    .contains(ProjectionId.of("stream-stats", 1));
            await("b took the lease over and resumed the rebuild", () -> b.leases().runningProjection("stream-stats")
                    .flatMap(RunningProjection::rebuilding).isPresent());
            slow = false;
            await("generation 2 took over on b", () -> b.readModel().active("stream-stats").equals(Optional.of(second)));
            RunningProjection onB = b.leases().runningProjection("stream-stats").orElseThrow();
            assertThat(onB.awaitCheckpoint(b.store().head(), WAIT)).isTrue();
            assertThat(b.registry().status(PROJECTION).state()).isNotEqualTo(WorkerState.STANDBY);
            // the old generation is dropped just after the take-over, not in its transaction
            await("generation 1 dropped", () -> b.readModel().checkpoints(ProjectionId.of("stream-stats", 1)).isEmpty());
            assertThat(rows(b)).as("the rebuilt read model equals the one it replaced, the operator log's own stream aside")
                    .filteredOn(row -> !row.startsWith("$operator-actions ")).isEqualTo(built);
            assertThat(b.registry().actions()).extracting(r -> r.action().control()).containsExactly(WorkerControl.REBUILD);
        } finally {
            slow = false;
        }
    }

    @Test
    void aCancelSentToTheOtherNodeDropsTheRebuildOnTheOwnerWhileTheServingGenerationGoesOn() throws Exception {
        String schema = TestDatabase.freshSchema();
        ProjectionId second = new ProjectionId("stream-stats", 1, 2);
        try (Node a = Node.open("a", schema); Node b = Node.open("b", schema)) {
            for (int i = 0; i < 3; i++) {
                appendBatches(a); // 9,000 events: a rebuild of about 9 s at a millisecond an event
            }
            a.leases().run(slowStats(), a.readModel());
            await("a runs it, live", () -> a.registry().status(PROJECTION).state() == WorkerState.LIVE);
            b.leases().run(slowStats(), b.readModel());

            slow = true;
            assertThat(sendThrough(b, PROJECTION, WorkerControl.REBUILD, null).result()).isEqualTo(ActionOutcome.Result.DONE);
            await("the rebuild has made a start", () -> b.readModel().checkpoints(second)
                    .filter(c -> c.low().value() > 200).isPresent());
            assertThat(tables(b)).contains("stream_stats_v1_g2");
            assertThat(sendThrough(b, PROJECTION, WorkerControl.CANCEL_REBUILD, null))
                    .extracting(ActionOutcome::result, ActionOutcome::node).containsExactly(ActionOutcome.Result.DONE, "a");
            RunningProjection onA = a.leases().runningProjection("stream-stats").orElseThrow();
            assertThat(onA.rebuilding()).isEmpty();
            assertThat(b.readModel().checkpoints(second)).as("dropped, as every node sees it").isEmpty();
            assertThat(tables(b)).doesNotContain("stream_stats_v1_g2").contains("stream_stats_v1");
            assertThat(b.readModel().active("stream-stats")).contains(ProjectionId.of("stream-stats", 1));
            ActionOutcome none = sendThrough(b, PROJECTION, WorkerControl.CANCEL_REBUILD, null);
            assertThat(none.result()).isEqualTo(ActionOutcome.Result.FAILED);
            assertThat(none.errorType()).isEqualTo(RebuildNotFoundException.class.getName());
            assertThat(none.node()).isEqualTo("a");

            slow = false;
            Position last = b.store().append(StreamId.of("s-1"), ExpectedRevision.any(), EventData.of("Counted", "{}"))
                    .position();
            assertThat(onA.awaitCheckpoint(last, WAIT)).as("the serving generation goes on").isTrue();
            assertThat(a.registry().status(PROJECTION).state()).isNotEqualTo(WorkerState.STANDBY);
            assertThat(b.registry().actions()).isEqualTo(a.registry().actions());
            assertThat(b.registry().actions()).extracting(r -> r.action().control()).containsExactly(
                    WorkerControl.REBUILD, WorkerControl.CANCEL_REBUILD, WorkerControl.CANCEL_REBUILD);
        } finally {
            slow = false;
        }
    }

    private static void appendBatches(Node node) {
        for (int i = 0; i < 30; i++) {
            List<EventData> events = new java.util.ArrayList<>();
            for (int j = 0; j < 100; j++) {
                events.add(EventData.of("Counted", "{}"));
            }
            node.store().append(StreamId.of("s-" + i % 7), ExpectedRevision.any(), events);
        }
    }

    private static List<String> tables(Node node) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        try (Connection c = node.readModel().openReader(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Test
    void anActionSentToTheNodeThatDoesNotRunTheWorkerIsCarriedOutByTheOneThatDoes() throws Exception {
        String schema = TestDatabase.freshSchema();
        List<String> sent = new CopyOnWriteArrayList<>();
        try (Node a = Node.open("a", schema)) {
            a.leases().run(PgStreamStats.projection(), a.readModel());
            a.leases().run(approvals(sent, "a"), a.readModel());
            await("a runs both", () -> a.leases().held().size() == 2
                    && a.registry().status(PROJECTION).state() != WorkerState.STANDBY
                    && a.registry().status(REACTOR).state() != WorkerState.STANDBY);
            try (Node b = Node.open("b", schema)) {
                b.leases().run(PgStreamStats.projection(), b.readModel());
                b.leases().run(approvals(sent, "b"), b.readModel());
                assertThat(b.registry().status(PROJECTION).state()).as("b waits for the lease").isEqualTo(WorkerState.STANDBY);
                assertThat(b.registry().status(REACTOR).state()).isEqualTo(WorkerState.STANDBY);
                WorkerStatus onA = a.registry().status(PROJECTION);
                assertThat(onA.node()).isEqualTo("a");
                assertThat(onA.lease().name()).isEqualTo("stream-stats");
                assertThat(onA.lease().owner()).isEqualTo("a");
                assertThatThrownBy(() -> b.registry().get(PROJECTION).pause()).as("a direct control on b runs nowhere")
                        .isInstanceOf(WorkerElsewhereException.class);

                assertThat(sendThrough(b, PROJECTION, WorkerControl.PAUSE, null))
                        .extracting(ActionOutcome::result, ActionOutcome::node).containsExactly(ActionOutcome.Result.DONE, "a");
                assertThat(a.registry().status(PROJECTION).state()).isEqualTo(WorkerState.PAUSED);
                assertThat(a.leases().held()).as("a paused worker keeps its lease").contains("stream-stats");
                Position appended = b.store().append(StreamId.of("s-1"), ExpectedRevision.any(),
                        EventData.of("Counted", "{}")).position();
                assertThat(sendThrough(b, PROJECTION, WorkerControl.RESUME, null).result()).isEqualTo(ActionOutcome.Result.DONE);
                assertThat(a.leases().runningProjection("stream-stats").orElseThrow().awaitCheckpoint(appended, WAIT)).isTrue();

                Position order = b.store().append(StreamId.of("order-1"), ExpectedRevision.noStream(),
                        TYPES.serialize(new Ordered("1"))).position();
                RunningReactor reactor = a.leases().runningReactor("approvals").orElseThrow();
                assertThat(reactor.awaitCheckpoint(order, WAIT)).isTrue();
                String key = reactor.pendingEffects().getFirst().effect().key();
                assertThat(sendThrough(b, REACTOR, WorkerControl.APPROVE_EFFECT, key).result())
                        .isEqualTo(ActionOutcome.Result.DONE);
                await("a carried out the approved effect", () -> sent.equals(List.of("a:order-1")));
                // the outbox closes an entry just after its outcome is recorded
                await("its outbox entry closed", () -> reactor.pendingEffects().isEmpty());
                ActionOutcome refused = sendThrough(b, REACTOR, WorkerControl.CANCEL_EFFECT, key);
                assertThat(refused.result()).as("it already ran").isEqualTo(ActionOutcome.Result.FAILED);
                assertThat(refused.errorType()).isEqualTo(EffectNotFoundException.class.getName());
                assertThat(refused.node()).isEqualTo("a");

                List<RecordedAction> onB = b.registry().actions();
                assertThat(onB).isEqualTo(a.registry().actions());
                assertThat(onB).extracting(r -> r.action().control()).containsExactly(WorkerControl.PAUSE,
                        WorkerControl.RESUME, WorkerControl.APPROVE_EFFECT, WorkerControl.CANCEL_EFFECT);
                assertThat(onB).allSatisfy(r -> {
                    assertThat(r.action().actor()).isEqualTo("ann");
                    assertThat(r.action().reason()).isEqualTo("from the console on b");
                    assertThat(r.outcome()).get().extracting(ActionOutcome::node).isEqualTo("a");
                });
            }
        }
    }
}
