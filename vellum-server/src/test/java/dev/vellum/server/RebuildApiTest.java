package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.server.Api.Answer;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's rebuild of a projection over HTTP against a real server on SQLite: POST
 * {@code /api/workers/{worker}/rebuild} starts the next generation beside the serving one, the
 * worker's JSON shows which generation serves and how far the rebuild is, a second rebuild and a
 * rebuild of the rebuild's own worker are refused with problem documents, a viewer is refused, and
 * queries read the old tables until the new generation takes over; and a rebuild cancelled over
 * {@code POST .../rebuild/cancel}: its tables dropped, the serving generation untouched, 404 without one.
 */
class RebuildApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String WORKER = "projection.totals.v1";

    @TempDir
    Path directory;

    private EventStore store;
    private SqliteReadModel readModel;
    private WorkerRegistry registry;
    private ProjectionRunner runner;
    private RunningProjection totals;
    private VellumServer server;
    private final CountDownLatch holdRebuild = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        store = SqliteEventStore.open(directory.resolve("events.db"));
        readModel = SqliteReadModel.open(directory.resolve("read.db"));
        registry = WorkerRegistry.open(store, "node-1");
        runner = ProjectionRunner.builder(store).registry(registry).build();
        for (int i = 0; i < 200; i++) {
            store.append(StreamId.of("order-" + i % 10), ExpectedRevision.any(), EventData.of("Placed", "{}"));
        }
        totals = runner.start(Projection.builder("totals", SqlContext.class).handles("Placed")
                .setup(sql -> sql.createTable("order_totals", "(stream TEXT PRIMARY KEY, events INTEGER NOT NULL)"))
                .handler((sql, event) -> {
                    if (sql.projection().generation() > 1) {
                        holdRebuild.await();
                    }
                    sql.update("INSERT INTO {order_totals} (stream, events) VALUES (?, 1)"
                            + " ON CONFLICT (stream) DO UPDATE SET events = events + 1", event.stream().value());
                }).build(), readModel);
        assertThat(totals.awaitCheckpoint(store.head(), WAIT)).isTrue();
        await("live", () -> totals.status().state() == WorkerState.LIVE);
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).workers(registry).start();
    }

    @AfterEach
    void stop() {
        holdRebuild.countDown();
        server.close();
        runner.close();
        registry.close();
        readModel.close();
        store.close();
    }

    @Test
    void anOperatorRebuildsAProjectionOverHttpWhileQueriesReadTheServingGeneration() throws Exception {
        assertThat(Api.viewer(server).post("/api/workers/" + WORKER + "/rebuild", "{}").status()).isEqualTo(403);
        JsonNode before = Api.viewer(server).get("/api/workers/" + WORKER).json();
        assertThat(before.get("controls").toString()).contains("REBUILD");
        assertThat(before.get("projection").get("generation").asInt()).isEqualTo(1);
        assertThat(before.get("projection").get("rebuild").isNull()).isTrue();

        Answer rebuild = Api.operator(server).post("/api/workers/" + WORKER + "/rebuild", "{\"reason\": \"new index\"}");
        assertThat(rebuild.status()).as(rebuild.response().body()).isEqualTo(200);
        assertThat(rebuild.json().get("control").asText()).isEqualTo("REBUILD");
        assertThat(rebuild.json().get("outcome").get("result").asText()).isEqualTo("DONE");

        JsonNode during = Api.viewer(server).get("/api/workers/" + WORKER).json();
        assertThat(during.get("state").asText()).as("serving (on SQLite, its next batch waits for the rebuild's)")
                .isIn("LIVE", "CATCHING_UP");
        JsonNode progress = during.get("projection").get("rebuild");
        assertThat(progress.get("worker").asText()).isEqualTo(WORKER + ".rebuild");
        assertThat(progress.get("generation").asInt()).isEqualTo(2);
        assertThat(progress.get("state").asText()).isEqualTo("REBUILDING");
        assertThat(progress.get("head").asLong()).isGreaterThanOrEqualTo(progress.get("checkpoint").asLong());
        assertThat(Api.viewer(server).get("/api/workers/" + WORKER + ".rebuild").json().get("state").asText())
                .isEqualTo("REBUILDING");
        assertThat(totalEvents()).as("queries read the serving generation").isEqualTo(200);

        Answer again = Api.operator(server).post("/api/workers/" + WORKER + "/rebuild", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.json().get("type").asText()).isEqualTo("urn:vellum:problem:rebuild-refused");
        assertThat(again.json().get("detail").asText()).contains("already runs").contains("Nothing changed");
        Answer ofTheCopy = Api.operator(server).post("/api/workers/" + WORKER + ".rebuild/rebuild", "{}");
        assertThat(ofTheCopy.status()).isEqualTo(409);
        assertThat(ofTheCopy.json().get("type").asText()).isEqualTo("urn:vellum:problem:control-not-supported");
        assertThat(readModel.checkpoints(new ProjectionId("totals", 1, 3))).as("nothing changed").isEmpty();

        holdRebuild.countDown();
        await("generation 2 took over", () -> Api.viewer(server).get("/api/workers/" + WORKER).json()
                .get("projection").get("generation").asInt() == 2);
        JsonNode after = Api.viewer(server).get("/api/workers/" + WORKER).json();
        assertThat(after.get("projection").get("rebuild").isNull()).isTrue();
        assertThat(Api.viewer(server).get("/api/workers/" + WORKER + ".rebuild").status()).isEqualTo(404);
        Position last = store.append(StreamId.of("order-0"), ExpectedRevision.any(), EventData.of("Placed", "{}"))
                .position();
        assertThat(totals.awaitCheckpoint(last, WAIT)).isTrue();
        assertThat(totalEvents()).as("the new generation, built from scratch, serves").isEqualTo(201);

        JsonNode log = Api.viewer(server).get("/api/operator-actions").json().get("actions");
        assertThat(log).hasSize(2);
        assertThat(log.get(0).get("control").asText()).isEqualTo("REBUILD");
        assertThat(log.get(0).get("actor").asText()).isNotBlank();
        assertThat(log.get(0).get("reason").asText()).isEqualTo("new index");
        assertThat(log.get(0).get("outcome").get("result").asText()).isEqualTo("DONE");
        assertThat(log.get(1).get("outcome").get("result").asText()).isEqualTo("FAILED");
        assertThat(log.get(1).get("outcome").get("errorType").asText()).endsWith("ProjectionRebuildException");
    }

    @Test
    void anOperatorCancelsARebuildOverHttpItsTablesAreDroppedAndTheServingGenerationGoesOnUntouched() throws Exception {
        String cancel = "/api/workers/" + WORKER + "/rebuild/cancel";
        Answer none = Api.operator(server).post(cancel, "{}");
        assertThat(none.status()).as(none.response().body()).isEqualTo(404);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(none.json().get("type").asText()).isEqualTo("urn:vellum:problem:rebuild-not-found");
        assertThat(none.json().get("detail").asText()).contains("No rebuild").contains("Nothing changed");
        assertThat(Api.operator(server).post("/api/workers/" + WORKER + "/rebuild", "{}").status()).isEqualTo(200);
        assertThat(tables()).contains("order_totals_v1_g2");
        assertThat(Api.viewer(server).post(cancel, "{}").status()).as("a viewer").isEqualTo(403);
        assertThat(totals.rebuilding()).as("still building").isPresent();

        Thread release = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(500); // the cancel waits for the batch being applied, held here until then
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            holdRebuild.countDown();
        });
        Answer cancelled = Api.operator(server).post(cancel, "{\"reason\": \"the new index is wrong\"}");
        release.join();
        assertThat(cancelled.status()).as(cancelled.response().body()).isEqualTo(200);
        assertThat(cancelled.json().get("control").asText()).isEqualTo("CANCEL_REBUILD");
        assertThat(cancelled.json().get("outcome").get("result").asText()).isEqualTo("DONE");

        JsonNode after = Api.viewer(server).get("/api/workers/" + WORKER).json();
        assertThat(after.get("projection").get("generation").asInt()).isEqualTo(1);
        assertThat(after.get("projection").get("rebuild").isNull()).isTrue();
        assertThat(Api.viewer(server).get("/api/workers/" + WORKER + ".rebuild").status()).isEqualTo(404);
        assertThat(readModel.checkpoints(new ProjectionId("totals", 1, 2))).isEmpty();
        assertThat(tables()).as("its tables are dropped").doesNotContain("order_totals_v1_g2").contains("order_totals_v1");
        Position last = store.append(StreamId.of("order-0"), ExpectedRevision.any(), EventData.of("Placed", "{}"))
                .position();
        assertThat(totals.awaitCheckpoint(last, WAIT)).isTrue();
        assertThat(totalEvents()).as("the serving generation goes on").isEqualTo(201);

        JsonNode log = Api.viewer(server).get("/api/operator-actions").json().get("actions");
        assertThat(log).hasSize(3);
        assertThat(log.get(0).get("control").asText()).isEqualTo("CANCEL_REBUILD");
        assertThat(log.get(0).get("outcome").get("errorType").asText()).endsWith("RebuildNotFoundException");
        assertThat(log.get(2).get("control").asText()).isEqualTo("CANCEL_REBUILD");
        assertThat(log.get(2).get("actor").asText()).isNotBlank();
        assertThat(log.get(2).get("reason").asText()).isEqualTo("the new index is wrong");
        assertThat(log.get(2).get("at").asText()).isNotBlank();
        assertThat(log.get(2).get("outcome").get("result").asText()).isEqualTo("DONE");
    }

    private java.util.List<String> tables() throws Exception {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (Connection c = readModel.openReader(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private long totalEvents() throws Exception {
        try (Connection c = readModel.openReader(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(sum(events), 0) FROM order_totals")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
