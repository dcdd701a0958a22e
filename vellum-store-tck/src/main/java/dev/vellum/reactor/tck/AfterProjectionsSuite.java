package dev.vellum.reactor.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionHandler;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.ProjectionProgress;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.reactor.EffectRequest;
import dev.vellum.reactor.Reactor;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.reactor.tck.RetryScenarios.MailProvider;
import dev.vellum.reactor.tck.RetryScenarios.OrderPlaced;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerScheduler;
import dev.vellum.timer.TimerStore;
import dev.vellum.timer.TimerWriter;
import dev.vellum.worker.Waiting;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11.9 on a real read model: a reactor that runs {@code after} a projection kept in the same
 * database waits, without attempts and without holding the database, until the projection's serving
 * version has applied the event, while other reactors and timers in that database go on. A store
 * module subclasses it with its event store, read model and outbox, all in one database.
 *
 * @param <C> the read model's transaction context
 * @param <S> the outbox: a timer store writing in the read model's transactions
 */
public abstract class AfterProjectionsSuite<C extends ProjectionContext, S extends TimerStore & TimerWriter<? super C>>
        extends ReactorStoreFixture<C, S> {

    private static final String DIRECTORY = "customer-directory";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private EventStore store;
    private CheckpointStore<C> readModel;
    private S outbox;
    private ProjectionRunner runner;
    private final MailProvider welcomes = new MailProvider();
    private final MailProvider receipts = new MailProvider();
    /** Per effect key: the directory's serving version and checkpoint when the effect ran. */
    private final Map<String, ProjectionProgress.Serving> directoryWhenSent = new ConcurrentHashMap<>();

    /** For subclasses. */
    protected AfterProjectionsSuite() {
    }

    @BeforeEach
    void open() {
        store = openStore(directory);
        readModel = openReadModel(directory);
        outbox = openOutbox(readModel);
        runner = ProjectionRunner.builder(store).batchSize(10).build();
    }

    @AfterEach
    void closeAll() {
        runner.close();
        store.close();
        close(readModel);
    }

    private Reactor<Object> welcome() {
        ProjectionProgress progress = ProjectionProgress.of(readModel);
        return Reactor.builder("welcome-email", RetryScenarios.TYPES, RetryScenarios.OUTCOMES)
                .handles("OrderPlaced")
                .decide(event -> List.of(EffectRequest.of(event.data())))
                .execute(effect -> {
                    directoryWhenSent.put(effect.key(), progress.serving(DIRECTORY).orElseThrow());
                    return welcomes.execute(effect);
                })
                .after(DIRECTORY)
                .build();
    }

    private static Projection<ProjectionContext> directory(int version, ProjectionHandler<ProjectionContext> handler) {
        return Projection.builder(DIRECTORY).version(version).handler(handler).build();
    }

    private Position place(String orderId) {
        return store.append(StreamId.of("order", orderId), ExpectedRevision.noStream(),
                RetryScenarios.TYPES.serialize(new OrderPlaced(orderId))).position();
    }

    private Position history(int events) {
        List<EventData> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            batch.add(EventData.of("Browsed", "{}"));
        }
        return store.append(StreamId.of("visit", 1), ExpectedRevision.any(), batch).position();
    }

    private long outcomes() {
        return store.readAll(Position.START, LogFilter.types("EmailSent"), 1_000).size();
    }

    @Test
    void anEffectWaitsForAProjectionCatchingUpAndRunsOnceItHasAppliedTheEvent() throws Exception {
        history(400);
        try (RunningReactor running = welcome().start(store, readModel, outbox)) {
            Position placed = place("1");
            RunningProjection slow = runner.start(directory(1, (context, event) -> Thread.sleep(5)), readModel);

            List<Waiting> seen = new CopyOnWriteArrayList<>();
            await("the email went out", () -> {
                Waiting waiting = running.status().waiting();
                if (waiting != null) {
                    seen.add(waiting);
                }
                return welcomes.calls.size() == 1;
            });
            assertThat(seen).isNotEmpty().allSatisfy(w -> {
                assertThat(w.on()).startsWith("projection " + DIRECTORY); // " v1" once it has started
                assertThat(w.until()).isEqualTo(placed);
            });
            assertThat(directoryWhenSent.values()).singleElement()
                    .satisfies(s -> assertThat(placed.isAfter(s.checkpoint())).as("applied before the email").isFalse());
            await("its outcome is recorded once", () -> outcomes() == 1);
            assertThat(placed.isAfter(slow.status().checkpoint())).isFalse();
        }
    }

    @Test
    void anEffectWaitingForAStoppedProjectionHoldsUpNeitherOtherReactorsNorTimersInTheDatabase() throws Exception {
        Position before = history(1);
        RunningProjection stopped = runner.start(directory(1, (context, event) -> { }), readModel);
        assertThat(stopped.awaitCheckpoint(before, WAIT)).isTrue();
        stopped.stop();
        Reactor<Object> others = Reactor.builder("receipt-email", RetryScenarios.TYPES, RetryScenarios.OUTCOMES)
                .handles("OrderPlaced").decide(event -> List.of(EffectRequest.of(event.data()))).execute(receipts).build();
        List<String> fired = new CopyOnWriteArrayList<>();
        try (RunningReactor waiting = welcome().start(store, readModel, outbox);
                RunningReactor other = others.start(store, readModel, outbox);
                TimerScheduler reminders = TimerScheduler.builder(outbox, "reminders", t -> fired.add(t.id())).start()) {
            Position placed = place("1");
            await("the welcome waits", () -> waiting.status().waiting() != null);
            assertThat(waiting.status().waiting().reached()).isEqualTo(before);

            await("the other reactor's email went out", () -> receipts.calls.size() == 1);
            reminders.schedule(Timer.of("remind-1", "reminders", Instant.now()));
            await("a timer in the same database fired", () -> fired.size() == 1);
            place("2");
            await("the other reactor went on", () -> receipts.calls.size() == 2);
            assertThat(welcomes.calls).isEmpty();
            assertThat(waiting.pendingEffects()).hasSize(2).allSatisfy(p -> {
                assertThat(p.attempts()).isZero();
                assertThat(p.lastError()).isNull();
            });

            RunningProjection resumed = runner.start(directory(1, (context, event) -> { }), readModel);
            await("both welcomes went out", () -> welcomes.calls.size() == 2);
            assertThat(directoryWhenSent.values()).allSatisfy(s -> assertThat(placed.isAfter(s.checkpoint())).isFalse());
            await("nothing waits", () -> waiting.status().waiting() == null);
            assertThat(resumed.id().version()).isEqualTo(1);
        }
    }

    @Test
    void anEffectWaitingForAVersionThatIsRebuiltRunsOnceTheNewVersionServesAndHasAppliedTheEvent() throws Exception {
        Position before = history(1);
        RunningProjection first = runner.start(directory(1, (context, event) -> { }), readModel);
        assertThat(first.awaitCheckpoint(before, WAIT)).isTrue();
        first.stop();
        try (RunningReactor running = welcome().start(store, readModel, outbox)) {
            Position placed = place("1");
            await("the welcome waits for version 1", () -> running.status().waiting() != null);
            assertThat(running.status().waiting().on()).isEqualTo("projection " + DIRECTORY + " v1");

            runner.start(directory(2, (context, event) -> { }), readModel);
            await("the email went out", () -> welcomes.calls.size() == 1);
            assertThat(directoryWhenSent.values()).singleElement().satisfies(s -> {
                assertThat(s.id()).isEqualTo(ProjectionId.of(DIRECTORY, 2));
                assertThat(placed.isAfter(s.checkpoint())).isFalse();
            });
            await("its outcome is recorded once", () -> outcomes() == 1);
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
}
