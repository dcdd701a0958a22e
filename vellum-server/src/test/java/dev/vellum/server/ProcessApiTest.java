package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.process.CommandRouter;
import dev.vellum.process.ProcessAction;
import dev.vellum.process.ProcessInput;
import dev.vellum.process.ProcessManager;
import dev.vellum.process.RunningProcess;
import dev.vellum.serde.EventTypes;
import dev.vellum.server.Api.Answer;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.time.ManualClock;
import dev.vellum.timer.TimerScheduler;
import dev.vellum.timer.TimerState;
import dev.vellum.timer.sql.SqlTimerStore;
import dev.vellum.worker.WorkerRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process manager's instances over HTTP against a real server on SQLite: a round observes a
 * ping, sends a command, records its result, and is closed by a timer; the list, one instance with
 * its state, history (with the input of each event) and timers, the problems, and the roles.
 */
class ProcessApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String WORKER = "process.rounds";
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    record Ping(String round, String note) {
    }

    record Pong(String round) {
    }

    record Reply(String round) {
    }

    sealed interface RoundEvent {
        record Started(String round, String note) implements RoundEvent {
        }

        record Answered(String round) implements RoundEvent {
        }

        record Closed(String round) implements RoundEvent {
        }
    }

    /** A round's state: where it is, and the note of the ping that started it. */
    record Round(String phase, String note) {
    }

    static final EventTypes TYPES = EventTypes.builder()
            .register("Ping", Ping.class).register("Pong", Pong.class)
            .register("Started", RoundEvent.Started.class).register("Answered", RoundEvent.Answered.class)
            .register("Closed", RoundEvent.Closed.class).build();

    static final Decider<ProcessInput, Round, RoundEvent> ROUND = Decider.of(new Round("new", null),
            (ProcessInput input, Round state) -> switch (input) {
                case ProcessInput.Observed(Ping p, var recorded) when state.phase().equals("new") ->
                        Decision.accept(new RoundEvent.Started(p.round(), p.note()));
                case ProcessInput.CommandAccepted a when state.phase().equals("started") ->
                        Decision.accept(new RoundEvent.Answered(((Reply) a.command()).round()));
                case ProcessInput.TimerFired t when state.phase().equals("answered") ->
                        Decision.accept(new RoundEvent.Closed(t.payload()));
                default -> Decision.<RoundEvent>reject("not-applicable", "phase " + state.phase());
            }, (Round state, RoundEvent event) -> switch (event) {
                case RoundEvent.Started s -> new Round("started", s.note());
                case RoundEvent.Answered a -> new Round("answered", state.note());
                case RoundEvent.Closed c -> new Round("closed", state.note());
            });

    static final Decider<Reply, String, Pong> PONGS = Decider.of("", (Reply a, String s) -> Decision.accept(new Pong(a.round())),
            (String s, Pong p) -> s + p.round());

    @TempDir
    Path directory;

    private final ManualClock clock = new ManualClock(START);
    private EventStore store;
    private SqliteReadModel readModel;
    private WorkerRegistry registry;
    private RunningProcess<Round> process;
    private VellumServer server;

    @BeforeEach
    void start() throws Exception {
        store = SqliteEventStore.open(directory.resolve("events.db"));
        readModel = SqliteReadModel.open(directory.resolve("read.db"));
        registry = WorkerRegistry.open(store, "node-1");
        process = rounds(store, readModel, clock);
        registry.register(process);
        server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).workers(registry).start();
    }

    /** The rounds process manager over {@code store}, its timers and checkpoints in {@code readModel}, started. */
    static RunningProcess<Round> rounds(EventStore store, SqliteReadModel readModel, ManualClock clock) {
        CommandRouter router = CommandRouter.builder()
                .route(Reply.class, CommandHandler.builder(store, TYPES, Pong.class, PONGS).build()).build();
        return ProcessManager.<Round, RoundEvent>builder("rounds", TYPES, RoundEvent.class)
                .categories("ping")
                .correlate((event, recorded) -> event instanceof Ping p ? Optional.of(p.round()) : Optional.empty())
                .decider(ROUND)
                .actions(event -> switch (event) {
                    case RoundEvent.Started s -> List.of(ProcessAction.send(StreamId.of("pong", "all"), new Reply(s.round())),
                            ProcessAction.schedule("give-up", START.plusSeconds(3600), s.round()));
                    case RoundEvent.Answered a -> List.of(ProcessAction.cancel("give-up"),
                            ProcessAction.schedule("close", START.plusSeconds(60), a.round()));
                    case RoundEvent.Closed c -> List.of();
                })
                .clock(clock).build()
                .start(store, readModel, new SqlTimerStore(readModel), router);
    }

    @AfterEach
    void stop() {
        server.close();
        process.close();
        registry.close();
        readModel.close();
        store.close();
    }

    private void ping(String round, String note) {
        store.append(StreamId.of("ping", round), ExpectedRevision.any(), TYPES.serialize(new Ping(round, note)));
    }

    @Test
    void theInstancesArePagedInIdOrderWithTheirStreams() throws Exception {
        for (String round : List.of("c", "a", "b")) {
            ping(round, "n");
        }
        await("three rounds answered", () -> List.of("a", "b", "c").stream()
                .allMatch(r -> process.instance(r).state().phase().equals("answered")));
        Api viewer = Api.viewer(server);
        Answer first = viewer.get("/api/workers/" + WORKER + "/instances?limit=2");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("total").asLong()).isEqualTo(3);
        assertThat(ids(first.json())).containsExactly("a", "b");
        assertThat(first.json().get("next").asText()).isEqualTo("b");
        JsonNode a = first.json().get("instances").get(0);
        assertThat(a.get("stream").asText()).isEqualTo("rounds-a");
        assertThat(a.get("events").asLong()).isEqualTo(2);
        assertThat(a.get("lastRevision").asLong()).isEqualTo(1);
        assertThat(a.get("status").asText()).isEqualTo("active");
        Answer second = viewer.get("/api/workers/" + WORKER + "/instances?limit=2&after=b");
        assertThat(ids(second.json())).containsExactly("c");
        assertThat(second.json().get("next").isNull()).isTrue();
    }

    @Test
    void anInstanceShowsItsStateItsHistoryWithEachInputAndEveryTimerInItsState() throws Exception {
        ping("r1", "<script>alert(1)</script>");
        await("the round answered", () -> process.instance("r1").state().phase().equals("answered"));
        clock.advance(Duration.ofMinutes(1));
        await("the round closed", () -> process.instance("r1").state().phase().equals("closed"));
        await("the close timer marked fired", () -> process.timers("r1").stream().anyMatch(t -> t.state() == TimerState.FIRED));

        Answer answer = Api.viewer(server).get("/api/workers/" + WORKER + "/instances/r1");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode body = answer.json();
        assertThat(body.get("stream").asText()).isEqualTo("rounds-r1");
        assertThat(body.get("revision").asLong()).isEqualTo(2);
        assertThat(body.get("state").get("phase").asText()).isEqualTo("closed");
        assertThat(body.get("state").get("note").asText()).as("state is JSON, its text as it is")
                .isEqualTo("<script>alert(1)</script>");

        JsonNode history = body.get("history");
        assertThat(types(history)).containsExactly("Started", "Answered", "Closed");
        JsonNode observed = history.get(0).get("input");
        assertThat(observed.get("kind").asText()).isEqualTo("observed");
        assertThat(observed.get("event").get("type").asText()).isEqualTo("Ping");
        assertThat(observed.get("event").get("stream").asText()).isEqualTo("ping-r1");
        assertThat(observed.get("event").get("data").get("note").asText()).isEqualTo("<script>alert(1)</script>");
        assertThat(history.get(1).get("input").get("kind").asText()).isEqualTo("command-result");
        assertThat(history.get(1).get("input").get("event").isNull()).isTrue();
        assertThat(history.get(2).get("input").get("kind").asText()).isEqualTo("timer");
        assertThat(body.get("next").isNull()).isTrue();

        List<String> timers = new ArrayList<>();
        body.get("timers").forEach(t -> timers.add(t.get("id").asText() + " " + t.get("state").asText()));
        assertThat(timers).containsExactly("rounds/r1/give-up CANCELLED", "rounds/r1/close FIRED");
        JsonNode close = body.get("timers").get(1);
        assertThat(close.get("due").asText()).isEqualTo(START.plusSeconds(60).toString());
        assertThat(close.get("endedAt").asText()).isEqualTo(clock.instant().toString());

        Answer page = Api.viewer(server).get("/api/workers/" + WORKER + "/instances/r1?from=1&limit=1");
        assertThat(types(page.json().get("history"))).containsExactly("Answered");
        assertThat(page.json().get("next").asLong()).isEqualTo(2);
    }

    @Test
    void badRequestsGetProblemsAndReadingNeedsAViewer() throws Exception {
        ping("r1", "n");
        await("the round answered", () -> process.instance("r1").state().phase().equals("answered"));
        Api viewer = Api.viewer(server);
        assertProblem(viewer.get("/api/workers/" + WORKER + "/instances/nobody"), 404, "process-instance-not-found");
        assertProblem(viewer.get("/api/workers/process.none/instances"), 404, "worker-not-found");
        assertProblem(viewer.get("/api/workers/" + WORKER + "/instances?limit=0"), 422, "invalid-value");
        assertProblem(viewer.get("/api/workers/" + WORKER + "/instances/r1?from=x"), 400, "malformed-request");
        assertProblem(viewer.get("/api/workers/" + WORKER + "/instances/r1?limit=1001"), 422, "invalid-value");
        assertProblem(viewer.get("/api/workers/" + WORKER + "/instances/" + Api.segment("a\u200bb")), 422,
                "invalid-stream-name");
        assertProblem(Api.anonymous(server).get("/api/workers/" + WORKER + "/instances"), 401, "unauthorized");
        assertProblem(Api.anonymous(server).get("/api/workers/" + WORKER + "/instances/r1"), 401, "unauthorized");
        assertThat(Api.operator(server).get("/api/workers/" + WORKER + "/instances/r1").status()).isEqualTo(200);
    }

    @Test
    void aWorkerOfAnotherKindKeepsNoInstances() {
        try (TimerScheduler timers = TimerScheduler.builder(new SqlTimerStore(readModel), "reminders", t -> { })
                .start()) {
            registry.register(timers);
            Answer answer = Api.viewer(server).get("/api/workers/" + timers.name() + "/instances");
            assertProblem(answer, 404, "not-found");
            assertThat(answer.json().get("detail").asText()).contains("only a process manager");
        }
    }

    private static void assertProblem(Answer answer, int status, String slug) {
        assertThat(answer.status()).as(answer.response().body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("type").asText()).isEqualTo("urn:vellum:problem:" + slug);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("instances").forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }

    private static List<String> types(JsonNode history) {
        List<String> types = new ArrayList<>();
        history.forEach(h -> types.add(h.get("event").get("type").asText()));
        return types;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
