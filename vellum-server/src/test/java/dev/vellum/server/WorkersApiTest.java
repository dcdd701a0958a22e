package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vellum.projection.ErrorPolicy;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.reactor.Effect;
import dev.vellum.reactor.EffectOutcomes;
import dev.vellum.reactor.EffectRequest;
import dev.vellum.reactor.Reactor;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.retry.Retries;
import dev.vellum.serde.EventTypes;
import dev.vellum.server.Api.Answer;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerScheduler;
import dev.vellum.timer.TimerState;
import dev.vellum.timer.sql.SqlTimerStore;
import dev.vellum.worker.Worker;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerElsewhereException;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerRegistry;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workers over HTTP against a real server on SQLite: a projection that parked an event and a
 * reactor with an effect waiting for approval; every route, the operator log with who, when and why,
 * the typed errors, and refused requests changing nothing.
 */
class WorkersApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PROJECTION = "projection.counted.v1";
    private static final String REACTOR = "reactor.mails";

    @TempDir
    Path directory;

    private EventStore store;
    private SqliteReadModel readModel;
    private WorkerRegistry registry;
    private ProjectionRunner runner;
    private RunningProjection projection;
    private RunningReactor reactor;
    private VellumServer server;
    private final Map<Position, Integer> applied = new ConcurrentHashMap<>();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private volatile boolean poisoned = true;
    private Position poison1;
    private Position poison2;

    @BeforeEach
    void start() throws Exception {
        store = SqliteEventStore.open(directory.resolve("events.db"));
        readModel = SqliteReadModel.open(directory.resolve("read.db"));
        registry = WorkerRegistry.open(store, "node-1");
        runner = ProjectionRunner.builder(store).registry(registry).build();
        append("fine-1", "Seen");
        poison1 = append("poison-1", "Seen");
        poison2 = append("poison-2", "Seen");
        append("held-1", "Ordered");
        Position last = append("held-2", "Ordered");
        projection = runner.start(Projection.builder("counted")
                .retries(Retries.none()).errorPolicy(ErrorPolicy.PARK)
                .handles("Seen")
                .handler((context, event) -> {
                    if (poisoned && event.stream().category().equals("poison")) {
                        throw new IllegalStateException("poison at " + event.position());
                    }
                    applied.merge(event.position(), 1, Integer::sum);
                }).build(), readModel);
        reactor = mails().start(store, readModel, new SqlTimerStore(readModel));
        registry.register(reactor);
        assertThat(projection.awaitCheckpoint(last, WAIT)).isTrue();
        assertThat(reactor.awaitCheckpoint(last, WAIT)).isTrue();
        await("both effects wait for approval", () -> reactor.pendingEffects().size() == 2);
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).workers(registry).start();
    }

    @AfterEach
    void stop() {
        server.close();
        reactor.close();
        runner.close();
        registry.close();
        readModel.close();
        store.close();
    }

    private Position append(String stream, String type) {
        return store.append(StreamId.of(stream), ExpectedRevision.any(), EventData.of(type, "{}")).position();
    }

    private Reactor<Mailed> mails() {
        EffectOutcomes<Mailed> outcomes = new EffectOutcomes<>() {
            @Override
            public Mailed succeeded(Effect effect, String receipt) {
                return new Mailed(effect.key());
            }

            @Override
            public Mailed failed(Effect effect, String error) {
                return new Mailed(effect.key());
            }

            @Override
            public StreamId stream(Effect effect) {
                return StreamId.of("mailed-" + effect.sourceStream().value());
            }
        };
        return Reactor.builder("mails", EventTypes.builder().register("Mailed", Mailed.class).build(), outcomes)
                .handles("Ordered").startFromBeginning()
                .decide(event -> List.of(EffectRequest.needingApproval("\"" + event.stream().value() + "\"")))
                .execute(effect -> {
                    sent.add(effect.payload().replace("\"", ""));
                    return "sent";
                })
                .build();
    }

    /** What records a mail's outcome. */
    record Mailed(String key) {
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    private String keyOf(String stream) {
        return reactor.pendingEffects().stream().map(e -> e.effect()).filter(e -> e.payload().equals("\"" + stream + "\""))
                .findFirst().orElseThrow().key();
    }

    private static String reason(String why) {
        return "{\"reason\":\"" + why + "\"}";
    }

    @Test
    void theListAndOneWorkerShowTheWholeStatus() {
        Answer list = Api.viewer(server).get("/api/workers");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("node").asText()).isEqualTo("node-1");
        JsonNode workers = list.json().get("workers");
        assertThat(workers).extracting(w -> w.get("name").asText()).containsExactly(PROJECTION, REACTOR);
        JsonNode counted = workers.get(0);
        assertThat(counted.get("kind").asText()).isEqualTo("PROJECTION");
        assertThat(counted.get("parkedEvents").asLong()).isEqualTo(2);
        assertThat(counted.get("lastError").get("position").asLong()).isEqualTo(poison2.value());
        assertThat(counted.get("lastError").get("type").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(counted.get("node").asText()).isEqualTo("node-1");
        assertThat(workers.get(1).get("pendingEffects").asLong()).isEqualTo(2);

        Answer one = Api.viewer(server).get("/api/workers/" + REACTOR);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("kind").asText()).isEqualTo("REACTOR");
        assertThat(one.json().get("checkpoint").asLong()).isEqualTo(reactor.checkpoint().value());
        assertThat(one.json().get("controls")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("PAUSE", "RESUME", "RESET", "APPROVE_EFFECT", "CANCEL_EFFECT");

        Answer unknown = Api.viewer(server).get("/api/workers/projection.nothing.v1");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("type").asText()).isEqualTo("urn:vellum:problem:worker-not-found");
        assertThat(unknown.json().get("worker").asText()).isEqualTo("projection.nothing.v1");
    }

    @Test
    void parkedEventsComeWithTheFailingEventAndTheErrorAndAreRetriedAndSkipped() throws Exception {
        Answer parked = Api.viewer(server).get("/api/workers/" + PROJECTION + "/parked");
        assertThat(parked.status()).isEqualTo(200);
        JsonNode items = parked.json().get("parked");
        assertThat(items).extracting(p -> p.get("position").asLong()).containsExactly(poison1.value(), poison2.value());
        assertThat(items.get(0).get("error").asText()).contains("poison at " + poison1.value());
        assertThat(items.get(0).get("event").get("stream").asText()).isEqualTo("poison-1");
        assertThat(items.get(0).get("stream").asText()).isEqualTo("poison-1");
        assertThat(items.get(0).get("type").asText()).isEqualTo("Seen");
        assertThat(items.get(0).get("description").asText()).isEqualTo("poison-1 · Seen");
        assertThat(items.get(0).get("attempts").asInt()).isPositive();
        assertThat(items.get(0).get("event").get("position").asLong()).isEqualTo(poison1.value());

        Answer notAProjection = Api.viewer(server).get("/api/workers/" + REACTOR + "/parked");
        assertThat(notAProjection.status()).isEqualTo(404);

        Answer stillFails = Api.operator(server).post("/api/workers/" + PROJECTION + "/parked/" + poison1.value() + "/retry",
                reason("not fixed yet"));
        assertThat(stillFails.status()).isEqualTo(409);
        assertThat(stillFails.json().get("type").asText()).isEqualTo("urn:vellum:problem:parked-still-fails");
        assertThat(projection.parkedEvents()).extracting(ParkedEvent::position).contains(poison1);
        assertThat(applied).doesNotContainKey(poison1);

        poisoned = false;
        Answer retry = Api.operator(server).post("/api/workers/" + PROJECTION + "/parked/" + poison1.value() + "/retry",
                reason("fixed the handler"));
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("outcome").get("result").asText()).isEqualTo("DONE");
        assertThat(retry.json().get("actor").asText()).isEqualTo("olga");
        assertThat(applied).containsEntry(poison1, 1);

        Answer skip = Api.operator(server).send("POST", "/api/workers/" + PROJECTION + "/parked/" + poison2.value() + "/skip", null);
        assertThat(skip.status()).isEqualTo(200);
        assertThat(applied).doesNotContainKey(poison2);
        assertThat(projection.parkedEvents()).isEmpty();

        Answer again = Api.operator(server).post("/api/workers/" + PROJECTION + "/parked/" + poison1.value() + "/retry", "{}");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().get("type").asText()).isEqualTo("urn:vellum:problem:parked-event-not-found");
        Answer notAPosition = Api.operator(server).post("/api/workers/" + PROJECTION + "/parked/first/retry", "{}");
        assertThat(notAPosition.status()).isEqualTo(422);
        assertThat(notAPosition.json().get("type").asText()).isEqualTo("urn:vellum:problem:invalid-value");
    }

    @Test
    void effectsWaitingForApprovalAreListedApprovedAndCancelled() throws Exception {
        Answer effects = Api.viewer(server).get("/api/workers/" + REACTOR + "/effects");
        assertThat(effects.status()).isEqualTo(200);
        assertThat(effects.json().get("effects")).extracting(e -> e.get("state").asText())
                .containsExactly("AWAITING_APPROVAL", "AWAITING_APPROVAL");
        assertThat(effects.json().get("effects")).extracting(e -> e.get("sourceStream").asText())
                .containsExactlyInAnyOrder("held-1", "held-2");

        String held1 = keyOf("held-1");
        String held2 = keyOf("held-2");
        Answer approve = Api.operator(server).post("/api/workers/" + REACTOR + "/effects/" + Api.segment(held1) + "/approve",
                reason("checked the address"));
        assertThat(approve.status()).isEqualTo(200);
        await("the approved mail was sent", () -> sent.contains("held-1"));
        Answer cancel = Api.operator(server).post("/api/workers/" + REACTOR + "/effects/" + Api.segment(held2) + "/cancel",
                reason("duplicate order"));
        assertThat(cancel.status()).isEqualTo(200);
        await("nothing is pending", () -> reactor.pendingEffects().isEmpty());
        assertThat(sent).containsExactly("held-1");

        Answer gone = Api.operator(server).post("/api/workers/" + REACTOR + "/effects/" + Api.segment(held2) + "/approve", "{}");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("type").asText()).isEqualTo("urn:vellum:problem:effect-not-found");
        Answer timers = Api.viewer(server).get("/api/workers/" + REACTOR + "/timers");
        assertThat(timers.status()).as("a reactor keeps no timers of its own").isEqualTo(404);
    }

    @Test
    void aReactorsRecordedOutcomesAreListedNewestFirst() throws Exception {
        assertThat(Api.viewer(server).get("/api/workers/" + REACTOR + "/outcomes").json().get("outcomes")).isEmpty();
        String held1 = keyOf("held-1");
        String held2 = keyOf("held-2");
        Api.operator(server).post("/api/workers/" + REACTOR + "/effects/" + Api.segment(held1) + "/approve", "{}");
        await("the first outcome is recorded", () -> sent.contains("held-1") && reactor.pendingEffects().size() == 1);
        append("noise-1", "Seen");
        Api.operator(server).post("/api/workers/" + REACTOR + "/effects/" + Api.segment(held2) + "/approve", "{}");
        await("both outcomes are recorded", () -> reactor.pendingEffects().isEmpty());

        Answer outcomes = Api.viewer(server).get("/api/workers/" + REACTOR + "/outcomes");
        assertThat(outcomes.status()).isEqualTo(200);
        assertThat(outcomes.json().get("head").asLong()).isEqualTo(store.head().value());
        JsonNode items = outcomes.json().get("outcomes");
        assertThat(items).extracting(e -> e.get("metadata").get("headers").get("$effect").asText())
                .containsExactly(held2, held1);
        assertThat(items).extracting(e -> e.get("stream").asText()).containsExactly("mailed-held-2", "mailed-held-1");
        assertThat(items.get(0).get("type").asText()).isEqualTo("Mailed");
        assertThat(Api.viewer(server).get("/api/workers/" + REACTOR + "/outcomes?limit=1").json().get("outcomes"))
                .hasSize(1);

        Answer ofAProjection = Api.viewer(server).get("/api/workers/" + PROJECTION + "/outcomes");
        assertThat(ofAProjection.status()).isEqualTo(404);
        assertThat(ofAProjection.json().get("detail").asText()).contains("only a reactor");
        assertThat(Api.anonymous(server).get("/api/workers/" + REACTOR + "/outcomes").status()).isEqualTo(401);
    }

    @Test
    void pauseAndResumeAndTheOperatorLogShowsWhoWhenAndWhy() throws Exception {
        Answer pause = Api.operator(server).post("/api/workers/" + PROJECTION + "/pause", reason("deploying a fix"));
        assertThat(pause.status()).isEqualTo(200);
        assertThat(registry.status(PROJECTION).state()).isEqualTo(WorkerState.PAUSED);
        assertThat(Api.viewer(server).get("/api/workers/" + PROJECTION).json().get("state").asText()).isEqualTo("PAUSED");
        Answer resume = Api.operator(server).send("POST", "/api/workers/" + PROJECTION + "/resume", null);
        assertThat(resume.status()).isEqualTo(200);
        await("it runs again", () -> registry.status(PROJECTION).state() != WorkerState.PAUSED);

        Answer log = Api.viewer(server).get("/api/operator-actions");
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.json().get("total").asInt()).isEqualTo(2);
        JsonNode first = log.json().get("actions").get(0);
        assertThat(first.get("control").asText()).isEqualTo("PAUSE");
        assertThat(first.get("worker").asText()).isEqualTo(PROJECTION);
        assertThat(first.get("actor").asText()).isEqualTo("olga");
        assertThat(first.get("reason").asText()).isEqualTo("deploying a fix");
        assertThat(first.get("at").asText()).isNotBlank();
        assertThat(first.get("outcome").get("result").asText()).isEqualTo("DONE");
        assertThat(log.json().get("actions").get(1).get("reason").isNull()).isTrue();

        Answer page = Api.viewer(server).get("/api/operator-actions?limit=1");
        assertThat(page.json().get("actions")).hasSize(1);
        assertThat(page.json().get("next").asInt()).isEqualTo(1);
        Answer second = Api.viewer(server).get("/api/operator-actions?limit=1&offset=1");
        assertThat(second.json().get("actions").get(0).get("control").asText()).isEqualTo("RESUME");
        assertThat(second.json().get("next").isNull()).isTrue();
    }

    @Test
    void aResetReplaysTheProjectionFromTheStart() throws Exception {
        poisoned = false;
        Position first = Position.of(1);
        int before = applied.get(first);
        Answer reset = Api.operator(server).post("/api/workers/" + PROJECTION + "/reset", reason("rebuild after the fix"));
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.json().get("control").asText()).isEqualTo("RESET");
        assertThat(reset.json().get("outcome").get("result").asText()).isEqualTo("DONE");
        await("the reset replayed the log", () -> applied.get(first) > before && applied.containsKey(poison2));
        assertThat(Api.operator(server).post("/api/workers/" + PROJECTION + "/reset", "{}").status()).isEqualTo(200);
    }

    @Test
    void aTimerSchedulersTimersAreListed() throws Exception {
        try (TimerScheduler timers = TimerScheduler.builder(new SqlTimerStore(readModel), "nudges", timer -> { })
                .start()) {
            registry.register(timers);
            Instant due = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            timers.schedule(new Timer("nudge-1", "nudges", due, "{}"));
            Answer listed = Api.viewer(server).get("/api/workers/timers.nudges/timers");
            assertThat(listed.status()).isEqualTo(200);
            JsonNode timer = listed.json().get("timers").get(0);
            assertThat(timer.get("id").asText()).isEqualTo("nudge-1");
            assertThat(timer.get("process").asText()).isEqualTo("nudges");
            assertThat(Instant.parse(timer.get("due").asText())).isEqualTo(due);
            assertThat(timer.get("state").asText()).isEqualTo("PENDING");
            assertThat(timer.get("deadline").isNull()).isTrue();
            Answer reset = Api.operator(server).post("/api/workers/timers.nudges/reset", "{}");
            assertThat(reset.status()).as("a timer scheduler has no reset").isEqualTo(409);
        }
    }

    @Test
    void aTimerWithADeadlineShowsItAndOneTakenAfterItExpiresAndIsNeitherListedNorDue() throws Exception {
        SqlTimerStore store = new SqlTimerStore(readModel);
        try (TimerScheduler timers = TimerScheduler.builder(store, "reminders", timer -> { }).start()) {
            registry.register(timers);
            Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            timers.schedule(Timer.of("remind-later", "reminders", now.plus(Duration.ofHours(1)))
                    .withDeadline(now.plus(Duration.ofHours(2))));
            timers.schedule(Timer.of("remind-too-late", "reminders", now.minus(Duration.ofHours(2)))
                    .withDeadline(now.minus(Duration.ofHours(1))));
            await("the late timer expired", () -> store.find("remind-too-late").orElseThrow().state() == TimerState.EXPIRED);

            Answer listed = Api.viewer(server).get("/api/workers/timers.reminders/timers");
            assertThat(listed.json().get("timers")).singleElement().satisfies(timer -> {
                assertThat(timer.get("id").asText()).isEqualTo("remind-later");
                assertThat(Instant.parse(timer.get("deadline").asText())).isEqualTo(now.plus(Duration.ofHours(2)));
            });
            await("the expiry counted", () -> timers.status().expiredTimers() == 1);
            Answer status = Api.viewer(server).get("/api/workers/timers.reminders");
            assertThat(status.json().get("dueTimers").asLong()).as("an expired timer is not overdue").isZero();
            assertThat(status.json().get("expiredTimers").asLong()).isEqualTo(1);
            assertThat(Api.anonymous(server).get("/metrics").response().body())
                    .contains("vellum_timers_expired_total{kind=\"timer_scheduler\",worker=\"timers.reminders\"} 1.0");
        }
    }

    @Test
    void everyFieldOfAWorkersStatusIsInTheApiDescription() {
        JsonNode schema = Api.anonymous(server).get("/openapi.json").json().get("components").get("schemas")
                .get("WorkerStatus").get("properties");
        for (String worker : List.of(PROJECTION, REACTOR)) {
            JsonNode status = Api.viewer(server).get("/api/workers/" + worker).json();
            assertThat(status.properties()).extracting(Map.Entry::getKey)
                    .allSatisfy(field -> assertThat(schema.has(field)).as("%s described", field).isTrue());
        }
        assertThat(Api.viewer(server).get("/api/workers/" + PROJECTION).json().get("partitions"))
                .as("only an inbox holds partitions").isEmpty();
    }

    @Test
    void everyFieldOfAParkedEventIsInTheApiDescription() {
        JsonNode schema = Api.anonymous(server).get("/openapi.json").json().get("components").get("schemas")
                .get("ParkedWork").get("properties");
        JsonNode parked = Api.viewer(server).get("/api/workers/" + PROJECTION + "/parked").json().get("parked");
        assertThat(parked).isNotEmpty();
        assertThat(parked.get(0).properties()).extracting(Map.Entry::getKey)
                .allSatisfy(field -> assertThat(schema.has(field)).as("%s described", field).isTrue());
    }

    @Test
    void aControlTheKindLacksIsAConflictAndRefusedRequestsChangeNothing() {
        List<RecordedEvent> before = store.readAll(Position.START, LogFilter.all(), 1_000);
        Answer approveOnProjection = Api.operator(server).post("/api/workers/" + PROJECTION + "/effects/k/approve", "{}");
        assertThat(approveOnProjection.status()).isEqualTo(409);
        assertThat(approveOnProjection.json().get("type").asText()).isEqualTo("urn:vellum:problem:control-not-supported");
        assertThat(approveOnProjection.json().get("control").asText()).isEqualTo("APPROVE_EFFECT");
        assertThat(Api.operator(server).post("/api/workers/nobody/pause", "{}").status()).isEqualTo(404);
        assertThat(Api.operator(server).post("/api/workers/" + PROJECTION + "/pause", "[1]").status()).isEqualTo(400);
        assertThat(Api.operator(server).post("/api/workers/" + PROJECTION + "/pause", "{\"reason\":7}").status())
                .isEqualTo(422);
        assertThat(Api.anonymous(server).post("/api/workers/" + PROJECTION + "/pause", "{}").status()).isEqualTo(401);
        assertThat(Api.viewer(server).post("/api/workers/" + PROJECTION + "/pause", "{}").status()).isEqualTo(403);
        assertThat(Api.viewer(server).post("/api/workers/" + REACTOR + "/effects/" + Api.segment(keyOf("held-1"))
                + "/approve", "{}").status()).isEqualTo(403);

        assertThat(store.readAll(Position.START, LogFilter.all(), 1_000)).as("nothing recorded").isEqualTo(before);
        assertThat(registry.actions()).isEmpty();
        assertThat(registry.status(PROJECTION).state()).isNotEqualTo(WorkerState.PAUSED);
        assertThat(reactor.pendingEffects()).hasSize(2);
        assertThat(sent).isEmpty();
    }

    @Test
    void theScrapeHasGaugesPerWorkerTaggedByNameAndKind() {
        String text = Api.anonymous(server).get("/metrics").response().body();
        String counted = "worker=\"" + PROJECTION + "\"";
        assertThat(text).contains("vellum_worker_parked_events{kind=\"projection\"," + counted + "} 2.0")
                .contains("vellum_worker_pending_effects{kind=\"reactor\",worker=\"" + REACTOR + "\"} 2.0")
                .contains("vellum_worker_checkpoint{kind=\"projection\"," + counted + "} " + projection.status().checkpoint().value() + ".0")
                .contains("vellum_worker_lag_events{kind=\"projection\"," + counted + "} 0.0")
                .contains("vellum_worker_lag_seconds{kind=\"projection\"," + counted + "}")
                .contains("vellum_worker_rate_events_per_second{kind=\"projection\"," + counted + "}")
                .contains("vellum_worker_due_timers{kind=\"reactor\",worker=\"" + REACTOR + "\"}")
                .contains("vellum_worker_state{kind=\"projection\",state=\"live\"," + counted + "} 1.0")
                .contains("vellum_worker_state{kind=\"projection\",state=\"paused\"," + counted + "} 0.0");

        Api.operator(server).post("/api/workers/" + PROJECTION + "/pause", "{}");
        String paused = Api.anonymous(server).get("/metrics").response().body();
        assertThat(paused).contains("vellum_worker_state{kind=\"projection\",state=\"paused\"," + counted + "} 1.0")
                .contains("vellum_worker_state{kind=\"projection\",state=\"live\"," + counted + "} 0.0");
        for (String line : paused.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList()) {
            assertThat(line).as("every meter is Vellum's").startsWith("vellum_");
        }
        registry.unregister(REACTOR);
        assertThat(Api.anonymous(server).get("/metrics").response().body()).as("an unregistered worker drops out")
                .doesNotContain(REACTOR);
    }

    @Test
    void healthIsNotReadyWhileAWorkerHasFailedAndSaysWhich() throws Exception {
        Answer ready = Api.anonymous(server).get("/health");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("checks").get("workers").get("status").asText()).isEqualTo("ready");

        RunningProjection stopping = runner.start(Projection.builder("strict")
                .retries(Retries.none()).errorPolicy(ErrorPolicy.STOP)
                .handles("Seen")
                .handler((context, event) -> {
                    throw new IllegalStateException("cannot apply " + event.position());
                }).build(), readModel);
        await("it failed", () -> stopping.status().state() == WorkerState.FAILED);
        Answer failed = Api.anonymous(server).get("/health");
        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.json().get("status").asText()).isEqualTo("not-ready");
        JsonNode workers = failed.json().get("checks").get("workers");
        assertThat(workers.get("status").asText()).isEqualTo("not-ready");
        assertThat(workers.get("reasons").get(0).asText()).contains(stopping.name(), "FAILED", "cannot apply");
        assertThat(failed.json().get("checks").get("store").get("status").asText()).isEqualTo("ready");

        registry.unregister(stopping);
        assertThat(Api.anonymous(server).get("/health").status()).isEqualTo(200);
    }

    /**
     * A worker leased by another node (as vellum-postgres registers one): STANDBY here, or seen running
     * here until a control finds its lease gone.
     */
    private static final class Elsewhere implements Worker {
        private volatile WorkerState state;

        Elsewhere(WorkerState state) {
            this.state = state;
        }

        @Override
        public String name() {
            return "projection.elsewhere.v1";
        }

        @Override
        public WorkerKind kind() {
            return WorkerKind.PROJECTION;
        }

        @Override
        public WorkerStatus status() {
            return new WorkerStatus(name(), kind(), state, Position.START, Position.START, 0, Duration.ZERO, 0, null, 0, 0,
                    0, state == WorkerState.STANDBY ? "node-2" : null, null, Instant.now(), null, null);
        }

        @Override
        public Set<WorkerControl> controls() {
            return kind().controls();
        }

        @Override
        public void pause() {
            state = WorkerState.STANDBY;
            throw new WorkerElsewhereException(name(), WorkerControl.PAUSE, "node-1");
        }

        @Override
        public void resume() {
            pause();
        }
    }

    @Test
    void anActionOnAWorkerOfAnotherNodeIsSentAndAnswered202WithItsId() {
        registry.register(new Elsewhere(WorkerState.STANDBY));
        Answer sentOn = Api.operator(server).post("/api/workers/projection.elsewhere.v1/pause", reason("night shift"));
        assertThat(sentOn.status()).isEqualTo(202);
        assertThat(sentOn.json().get("outcome").get("result").asText()).isEqualTo("SENT");
        String id = sentOn.json().get("id").asText();
        assertThat(registry.actions()).extracting(a -> a.action().id().toString()).containsExactly(id);
        assertThat(registry.actions().getFirst().action().actor()).isEqualTo("olga");
    }

    @Test
    void aWorkerThatMovedToAnotherNodeWhileAskedIsSentTheActionAgain() {
        registry.register(new Elsewhere(WorkerState.LIVE));
        Answer moved = Api.operator(server).post("/api/workers/projection.elsewhere.v1/pause", "{}");
        assertThat(moved.status()).isEqualTo(202);
        assertThat(registry.actions()).as("the refused try and the one sent")
                .extracting(a -> a.outcome().map(o -> o.result().name()).orElse("none"))
                .containsExactly("FAILED", "none");
        assertThat(moved.json().get("id").asText()).isEqualTo(registry.actions().get(1).action().id().toString());
    }
}
