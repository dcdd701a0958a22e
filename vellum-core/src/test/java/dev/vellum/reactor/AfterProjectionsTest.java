package dev.vellum.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionHandler;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.ProjectionProgress;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.reactor.Emails.MailProvider;
import dev.vellum.reactor.Emails.OrderEvent;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.time.ManualClock;
import dev.vellum.timer.memory.InMemoryTimerStore;
import dev.vellum.worker.Waiting;
import dev.vellum.worker.WorkerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11.9: "don't send the welcome email until the user read model shows the user". A reactor told
 * to run {@code after} a projection runs each effect only once the projection's serving version has
 * applied the effect's event; meanwhile its status says what it waits for, no attempt is spent, and
 * after the longest wait it runs anyway.
 */
class AfterProjectionsTest {

    private static final String DIRECTORY = "user-directory";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final InMemoryTimerStore outbox = new InMemoryTimerStore();
    private final WorkerRegistry registry = WorkerRegistry.open(store, "node-1");
    private final ProjectionRunner runner = ProjectionRunner.builder(store).registry(registry).build();
    private final MailProvider mail = new MailProvider();
    /** Per effect key: the serving version of the directory and its checkpoint when the effect ran. */
    private final Map<String, ProjectionProgress.Serving> directoryWhenSent = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        runner.close();
        registry.close();
        store.close();
    }

    private Reactor.Builder<OrderEvent> welcome() {
        ProjectionProgress saved = ProjectionProgress.of(checkpoints);
        return Reactor.builder("welcome-email", Emails.TYPES, Emails.OUTCOMES)
                .handles("OrderPlaced")
                .decide(event -> List.of(EffectRequest.of(event.data())))
                .execute(effect -> {
                    directoryWhenSent.put(effect.key(), saved.serving(DIRECTORY).orElseThrow());
                    return mail.execute(effect);
                })
                .clock(clock)
                .after(DIRECTORY);
    }

    private static Projection<ProjectionContext> directory(int version, ProjectionHandler<ProjectionContext> handler) {
        return Projection.builder(DIRECTORY).version(version).handles("OrderPlaced").handler(handler).build();
    }

    private Position place(String orderId) {
        return store.append(StreamId.of("order", orderId), ExpectedRevision.noStream(), Emails.placed(orderId)).position();
    }

    private Waiting awaitWaiting(RunningReactor reactor) throws InterruptedException {
        ReactorTest.await("the reactor shows what it waits for", () -> reactor.status().waiting() != null);
        return reactor.status().waiting();
    }

    @Test
    void anEffectWaitsForASlowProjectionAndRunsOnceItHasAppliedTheEvent() throws Exception {
        CountDownLatch slow = new CountDownLatch(1);
        RunningProjection projection = runner.start(directory(1, (context, event) -> {
            assertThat(slow.await(20, TimeUnit.SECONDS)).isTrue();
        }), checkpoints);
        Reactor<OrderEvent> reactor = welcome().projectionProgress(ProjectionProgress.of(checkpoints, registry)).build();
        try (RunningReactor running = reactor.start(store, checkpoints, outbox)) {
            Position placed = place("1");

            Waiting waiting = awaitWaiting(running);
            assertThat(waiting.on()).isEqualTo("projection user-directory v1");
            assertThat(waiting.until()).isEqualTo(placed);
            assertThat(waiting.reached()).isNotEqualTo(placed);
            assertThat(waiting.since()).isEqualTo(clock.instant());
            assertThat(waiting.toString()).contains("waiting for projection user-directory v1 at " + placed.value());
            Thread.sleep(1_500); // more than the outbox's longest idle: it looked again and still waits
            assertThat(mail.calls).isEmpty();
            assertThat(running.pendingEffects()).singleElement().satisfies(p -> assertThat(p.attempts()).isZero());

            slow.countDown();
            ReactorTest.await("the email went out", () -> mail.calls.size() == 1);
            ProjectionProgress.Serving seen = directoryWhenSent.values().iterator().next();
            assertThat(placed.isAfter(seen.checkpoint())).as("the directory had applied the event").isFalse();
            ReactorTest.await("nothing waits", () -> running.status().waiting() == null);
            assertThat(placed.isAfter(projection.status().checkpoint())).isFalse();
        }
    }

    @Test
    void anEffectWaitsForAStoppedProjectionAtMostTheLongestWaitSpendingNoAttempts() throws Exception {
        Position before = place("0");
        RunningProjection projection = runner.start(directory(1, (context, event) -> { }), checkpoints);
        assertThat(projection.awaitCheckpoint(before, Duration.ofSeconds(10))).isTrue();
        projection.stop();
        Reactor<OrderEvent> reactor = welcome().afterAtMost(Duration.ofMinutes(5)).build();
        try (RunningReactor running = reactor.start(store, checkpoints, outbox)) {
            Position placed = place("1");

            Waiting waiting = awaitWaiting(running);
            assertThat(waiting.until()).isEqualTo(placed);
            assertThat(waiting.reached()).isEqualTo(before);
            clock.advance(Duration.ofMinutes(4));
            Thread.sleep(1_500);
            assertThat(mail.calls).isEmpty();
            assertThat(running.status().waiting()).isEqualTo(waiting);
            assertThat(running.pendingEffects()).singleElement().satisfies(p -> {
                assertThat(p.attempts()).isZero();
                assertThat(p.lastError()).isNull();
            });

            clock.advance(Duration.ofMinutes(1));
            ReactorTest.await("the email went out after the longest wait", () -> mail.calls.size() == 1);
            ReactorTest.await("its outcome is recorded",
                    () -> store.readAll(Position.START, LogFilter.types("ConfirmationEmailSent"), 10).size() == 1);
            assertThat(directoryWhenSent.values()).singleElement().satisfies(s -> assertThat(s.checkpoint()).isEqualTo(before));
            ReactorTest.await("nothing waits", () -> running.status().waiting() == null);
        }
    }

    @Test
    void anEffectWaitingForAVersionThatIsReplacedRunsOnceTheNewVersionServesAndHasAppliedTheEvent() throws Exception {
        Position before = place("0");
        RunningProjection first = runner.start(directory(1, (context, event) -> { }), checkpoints);
        assertThat(first.awaitCheckpoint(before, Duration.ofSeconds(10))).isTrue();
        first.stop(); // the old code is gone, its read model still serves
        try (RunningReactor running = welcome().build().start(store, checkpoints, outbox)) {
            Position placed = place("1");
            assertThat(awaitWaiting(running).on()).isEqualTo("projection user-directory v1");

            RunningProjection second = runner.start(Projection.builder(DIRECTORY).version(2).handles("OrderPlaced")
                    .handler((context, event) -> { }).build(), checkpoints);
            ReactorTest.await("the email went out", () -> mail.calls.size() == 1);
            assertThat(directoryWhenSent.values()).singleElement().satisfies(s -> {
                assertThat(s.id()).isEqualTo(ProjectionId.of(DIRECTORY, 2));
                assertThat(placed.isAfter(s.checkpoint())).isFalse();
            });
            assertThat(checkpoints.activeVersion(DIRECTORY)).isEqualTo(OptionalInt.of(2));
            assertThat(placed.isAfter(second.status().checkpoint())).isFalse();
        }
    }

    @Test
    void anEffectWaitsForTheGenerationAnOperatorRebuiltNotTheOneItReplaced() throws Exception {
        Position before = place("0");
        RunningProjection directory = runner.start(directory(1, (context, event) -> { }), checkpoints);
        assertThat(directory.awaitCheckpoint(before, Duration.ofSeconds(10))).isTrue();
        directory.rebuild();
        ReactorTest.await("generation 2 serves", () -> directory.id().generation() == 2);
        try (RunningReactor running = welcome().build().start(store, checkpoints, outbox)) {
            Position placed = place("1");
            ReactorTest.await("the email went out", () -> mail.calls.size() == 1);
            assertThat(directoryWhenSent.values()).singleElement().satisfies(s -> {
                assertThat(s.id()).isEqualTo(new ProjectionId(DIRECTORY, 1, 2));
                assertThat(placed.isAfter(s.checkpoint())).isFalse();
            });
        }
    }

    @Test
    void anEffectOfAReactorWithoutProjectionsToWaitForRunsAtOnce() throws Exception {
        Reactor<OrderEvent> reactor = Reactor.builder("welcome-email", Emails.TYPES, Emails.OUTCOMES)
                .handles("OrderPlaced").decide(event -> List.of(EffectRequest.of(event.data()))).execute(mail)
                .clock(clock).build();
        try (RunningReactor running = reactor.start(store, checkpoints, outbox)) {
            place("1"); // no projection has started: a reactor that does not wait sends anyway
            ReactorTest.await("the email went out", () -> mail.calls.size() == 1);
            assertThat(running.status().waiting()).isNull();
        }
    }

    @Test
    void badProjectionNamesAndWaitsAreRefusedWhenTheReactorIsDefined() {
        Reactor.Builder<OrderEvent> builder = Reactor.builder("welcome-email", Emails.TYPES, Emails.OUTCOMES);
        assertThatThrownBy(builder::after).isInstanceOf(InvalidReactorException.class)
                .hasMessageContaining("after no projection");
        assertThatThrownBy(() -> builder.after("user directory")).isInstanceOf(InvalidReactorException.class)
                .hasMessageContaining("'user directory'");
        assertThatThrownBy(() -> builder.afterAtMost(Duration.ZERO)).isInstanceOf(InvalidReactorException.class)
                .hasMessageContaining("positive");
    }
}
