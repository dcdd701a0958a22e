package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vellum.postgres.Leases;
import dev.vellum.postgres.PostgresEventStore;
import dev.vellum.postgres.PostgresReadModel;
import dev.vellum.reactor.Effect;
import dev.vellum.reactor.EffectOutcomes;
import dev.vellum.reactor.EffectRequest;
import dev.vellum.reactor.Reactor;
import dev.vellum.serde.EventTypes;
import dev.vellum.server.Api.Answer;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The worker routes on PostgreSQL with two nodes, each with its own store instance, registry, leases
 * and server: the node that runs a reactor under its lease lists its effects; an approval asked of the
 * other node's server answers 202, is carried out by the node that runs it, and both servers' operator
 * logs show it with the authenticated user and the outcome. Each node's scrape tells whether it holds
 * the reactor's lease, and the store's watermark lag.
 */
class PostgresWorkersApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String REACTOR = "reactor.approvals";

    /** The outcome of an approved effect. */
    record Confirmed(String key) {
    }

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
        return Reactor.builder("approvals", EventTypes.builder().register("Confirmed", Confirmed.class).build(), outcomes)
                .handles("Ordered").startFromBeginning()
                .decide(event -> List.of(EffectRequest.needingApproval("{}")))
                .execute(effect -> {
                    sent.add(node + ":" + effect.sourceStream().value());
                    return "ok";
                })
                .build();
    }

    /** One node: its store instance, read models, registry, leases and server. */
    private record Node(PostgresEventStore store, PostgresReadModel readModel, WorkerRegistry registry, Leases leases,
            VellumServer server) implements AutoCloseable {

        static Node open(String name, String schema, List<String> sent) {
            PostgresEventStore store = TestPostgres.store(schema);
            DataSource read = TestPostgres.readModels(schema + "_read");
            PostgresReadModel readModel = PostgresReadModel.open(read);
            WorkerRegistry registry = WorkerRegistry.open(store, name);
            Leases leases = Leases.builder(store, read).owner(name).timeToLive(Duration.ofSeconds(2)).registry(registry).open();
            leases.run(approvals(sent, name), readModel);
            VellumServer server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).workers(registry).start();
            return new Node(store, readModel, registry, leases, server);
        }

        @Override
        public void close() {
            server.close();
            leases.close();
            registry.close();
            readModel.close();
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

    @Test
    void anApprovalAskedOfTheOtherNodesServerIsSentAndCarriedOutWhereTheReactorRuns() throws Exception {
        String schema = TestPostgres.freshSchema();
        List<String> sent = new CopyOnWriteArrayList<>();
        try (Node a = Node.open("a", schema, sent)) {
            await("a runs the reactor", () -> a.registry().status(REACTOR).state() != WorkerState.STANDBY);
            try (Node b = Node.open("b", schema, sent)) {
                a.store().append(StreamId.of("order-1"), ExpectedRevision.noStream(), EventData.of("Ordered", "{}"));
                await("the effect waits for approval on a", () -> a.registry().status(REACTOR).pendingEffects() == 1);

                Answer onB = Api.viewer(b.server()).get("/api/workers/" + REACTOR);
                assertThat(onB.json().get("state").asText()).isEqualTo("STANDBY");
                Answer elsewhere = Api.viewer(b.server()).get("/api/workers/" + REACTOR + "/effects");
                assertThat(elsewhere.status()).isEqualTo(409);
                assertThat(elsewhere.json().get("type").asText()).isEqualTo("urn:vellum:problem:worker-elsewhere");
                Answer effects = Api.viewer(a.server()).get("/api/workers/" + REACTOR + "/effects");
                assertThat(effects.status()).as("the node that runs it lists its effects").isEqualTo(200);
                JsonNode effect = effects.json().get("effects").get(0);
                assertThat(effect.get("state").asText()).isEqualTo("AWAITING_APPROVAL");
                String key = effect.get("key").asText();

                Answer approve = Api.operator(b.server()).post("/api/workers/" + REACTOR + "/effects/" + Api.segment(key)
                        + "/approve", "{\"reason\":\"approved on b\"}");
                assertThat(approve.status()).isEqualTo(202);
                assertThat(approve.json().get("outcome").get("result").asText()).isEqualTo("SENT");
                await("a carried out the approval", () -> sent.equals(List.of("a:order-1")));

                await("both logs show a's outcome", () -> List.of(a, b).stream().allMatch(n -> {
                    JsonNode entry = Api.viewer(n.server()).get("/api/operator-actions").json().get("actions").get(0);
                    return !entry.get("outcome").isNull() && entry.get("outcome").get("node").asText().equals("a");
                }));
                JsonNode entry = Api.viewer(b.server()).get("/api/operator-actions").json().get("actions").get(0);
                assertThat(entry.get("id").asText()).isEqualTo(approve.json().get("id").asText());
                assertThat(entry.get("actor").asText()).isEqualTo("olga");
                assertThat(entry.get("reason").asText()).isEqualTo("approved on b");
                assertThat(entry.get("outcome").get("result").asText()).isEqualTo("DONE");
            }
        }
    }

    @Test
    void eachNodesScrapeSaysWhetherItHoldsTheLeaseAndHowFarTheWatermarkTrails() throws Exception {
        String schema = TestPostgres.freshSchema();
        List<String> sent = new CopyOnWriteArrayList<>();
        try (Node a = Node.open("a", schema, sent)) {
            await("a runs the reactor", () -> a.registry().status(REACTOR).state() != WorkerState.STANDBY);
            try (Node b = Node.open("b", schema, sent)) {
                await("b waits on standby", () -> b.registry().status(REACTOR).state() == WorkerState.STANDBY);
                String owned = "vellum_worker_lease_owned{kind=\"reactor\",worker=\"" + REACTOR + "\"} ";
                assertThat(scrape(a)).contains(owned + "1.0");
                assertThat(scrape(b)).contains(owned + "0.0");
                assertThat(scrape(a)).contains("vellum_postgres_watermark_lag_events 0.0")
                        .contains("vellum_postgres_watermark_oldest_transaction_seconds 0.0");

                try (Connection foreign = TestPostgres.readModels(schema + "_foreign").getConnection();
                        Statement st = foreign.createStatement()) {
                    foreign.setAutoCommit(false);
                    st.execute("SELECT pg_current_xact_id()"); // holds the watermark until it ends
                    a.store().append(StreamId.of("order-2"), ExpectedRevision.noStream(), EventData.of("Ordered", "{}"));
                    String held = scrape(b);
                    assertThat(held).contains("vellum_postgres_watermark_lag_events 1.0");
                    assertThat(held).containsPattern("vellum_postgres_watermark_committed [1-9]");
                    foreign.rollback();
                }
                await("the watermark caught up", () -> scrape(a).contains("vellum_postgres_watermark_lag_events 0.0"));
            }
        }
    }

    private static String scrape(Node node) {
        return Api.anonymous(node.server()).get("/metrics").response().body();
    }
}
