package dev.vellum.reactor.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.CommandHandler;
import dev.vellum.process.CommandRouter;
import dev.vellum.process.ProcessAction;
import dev.vellum.process.ProcessManager;
import dev.vellum.process.RunningProcess;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.reactor.EffectRequest;
import dev.vellum.reactor.Reactor;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.reactor.tck.RetryScenarios.Answer;
import dev.vellum.reactor.tck.RetryScenarios.MailProvider;
import dev.vellum.reactor.tck.RetryScenarios.OrderPlaced;
import dev.vellum.reactor.tck.RetryScenarios.Ping;
import dev.vellum.reactor.tck.RetryScenarios.Pong;
import dev.vellum.reactor.tck.RetryScenarios.PongHandler;
import dev.vellum.reactor.tck.RetryScenarios.RoundEvent;
import dev.vellum.retry.Retries;
import dev.vellum.retry.RetriesExhaustedException;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.time.Backoff;
import dev.vellum.timer.TimerStore;
import dev.vellum.timer.TimerWriter;
import dev.vellum.worker.WorkerState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reactors and process managers ride out transient failures: the event that failed is handled again
 * with backoff, and every effect and command still happens once; an error that does not go away stops
 * the runner, visibly, after the configured attempts. A store module subclasses it with its event
 * store, its read model (checkpoints) and the outbox kept in that read model.
 *
 * @param <C> the read model's transaction context
 * @param <S> the outbox and timer store, writing inside the read model's transactions
 */
public abstract class EventRetriesSuite<C extends ProjectionContext, S extends TimerStore & TimerWriter<? super C>>
        extends ReactorStoreFixture<C, S> {

    /** Short waits, so a test spends milliseconds on each retry. */
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(1), Duration.ofMillis(20));

    @TempDir
    Path directory;

    private EventStore store;
    private CheckpointStore<C> readModel;
    private FlakyCheckpoints<C> checkpoints;
    private S outbox;
    private final MailProvider mail = new MailProvider();
    private final PongHandler pongs = new PongHandler();

    @BeforeEach
    void open() {
        store = openStore(directory);
        readModel = openReadModel(directory);
        checkpoints = new FlakyCheckpoints<>(readModel);
        outbox = openOutbox(readModel);
    }

    @AfterEach
    void closeAll() {
        store.close();
        close(readModel);
    }

    private Reactor<Object> emails(Retries retries) {
        return Reactor.builder("confirmation-email", RetryScenarios.TYPES, RetryScenarios.OUTCOMES)
                .handles("OrderPlaced")
                .decide(event -> List.of(EffectRequest.of(event.data())))
                .execute(mail)
                .eventRetries(retries)
                .build();
    }

    private void place(String orderId) {
        store.append(StreamId.of("order", orderId), ExpectedRevision.noStream(),
                RetryScenarios.TYPES.serialize(new OrderPlaced(orderId)));
    }

    private List<String> recorded(String type) {
        // outcomes go to the reactor's own stream per source stream, reactor.outcomes-<reactor>/<source>
        return store.readAll(Position.START, LogFilter.types(type), 1_000).stream().map(RecordedEvent::stream)
                .map(stream -> stream.value().substring(stream.value().indexOf('/') + 1)).toList();
    }

    @Test
    void aReactorWhoseCheckpointCommitsFailForAWhileDecidesAndExecutesEachEffectOnce() throws Exception {
        try (RunningReactor running = emails(new Retries(10, QUICK)).start(store, checkpoints, outbox)) {
            checkpoints.refuseCommits(3);
            place("1");
            place("2");
            place("3");
            await("the three emails are recorded", () -> recorded("EmailSent").size() == 3);
            assertThat(running.awaitCheckpoint(store.head(), Duration.ofSeconds(10))).isTrue();

            assertThat(checkpoints.refused()).isEqualTo(3);
            assertThat(recorded("EmailSent")).containsExactlyInAnyOrder("order-1", "order-2", "order-3");
            assertThat(mail.calls).hasSize(3).doesNotHaveDuplicates();
            assertThat(running.status().state()).isNotEqualTo(WorkerState.FAILED);
            assertThat(running.failure()).isEmpty();
            assertThat(running.status().state()).as("going on, not retrying").isIn(WorkerState.LIVE, WorkerState.CATCHING_UP);
            await("every effect left the outbox", () -> running.pendingEffects().isEmpty());
        }
        assertThat(mail.calls).hasSize(3);
        assertThat(recorded("EmailFailed")).isEmpty();
    }

    @Test
    void whileAReactorRetriesItShowsTheErrorAndStaysRunningUntilTheDatabaseIsBack() throws Exception {
        try (RunningReactor running = emails(new Retries(100_000, QUICK)).start(store, checkpoints, outbox)) {
            checkpoints.refuseCommits(Integer.MAX_VALUE);
            place("1");
            await("an attempt failed", () -> running.status().lastError() != null);
            assertThat(running.status().lastError().toString()).contains("read-model database is unreachable");
            assertThat(running.status().state()).isNotEqualTo(WorkerState.FAILED);
            assertThat(running.failure()).isEmpty();

            checkpoints.refuseCommits(0);
            assertThat(running.awaitCheckpoint(store.head(), Duration.ofSeconds(10))).isTrue();
            assertThat(running.status().state()).as("going on, not retrying").isIn(WorkerState.LIVE, WorkerState.CATCHING_UP);
            await("the email is recorded", () -> recorded("EmailSent").size() == 1);
        }
        assertThat(mail.calls).hasSize(1);
    }

    @Test
    void aReactorWhoseDatabaseStaysDownFailsAfterItsAttemptsBeforeTheEvent() throws Exception {
        Reactor<Object> reactor = emails(new Retries(3, QUICK));
        try (RunningReactor running = reactor.start(store, checkpoints, outbox)) {
            Position before = readModel.checkpoints(reactor.checkpointId()).map(Checkpoints::low).orElseThrow();
            checkpoints.refuseCommits(Integer.MAX_VALUE);
            place("1");
            await("the reactor failed", () -> running.status().state() == WorkerState.FAILED);

            assertThat(running.failure()).get().isInstanceOf(RetriesExhaustedException.class).asString()
                    .contains("Reactor 'confirmation-email'").contains("after 3 attempt(s)")
                    .contains("read-model database is unreachable");
            assertThat(running.status().lastError().toString()).contains("read-model database is unreachable");
            assertThat(checkpoints.refused()).isEqualTo(3);
            assertThat(readModel.checkpoints(reactor.checkpointId()).map(Checkpoints::low)).contains(before);
        }
    }

    private ProcessManager<String, RoundEvent> rounds(Retries retries) {
        return ProcessManager.<String, RoundEvent>builder("rounds", RetryScenarios.TYPES, RoundEvent.class)
                .categories("ping")
                .correlate((event, recorded) -> event instanceof Ping p ? Optional.of(p.round()) : Optional.empty())
                .decider(RetryScenarios.ROUND)
                .actions(event -> switch (event) {
                    case RoundEvent.Started s -> List.of(ProcessAction.send(StreamId.of("pong", s.round()), new Answer(s.round())));
                    case RoundEvent.Answered a -> List.of();
                })
                .eventRetries(retries)
                .build();
    }

    private RunningProcess<String> startRounds(Retries retries) {
        CommandRouter router = CommandRouter.builder()
                .route(Answer.class, CommandHandler.builder(store, RetryScenarios.TYPES, Pong.class, pongs.decider()).build())
                .build();
        return rounds(retries).start(store, checkpoints, outbox, router);
    }

    private void ping(String round) {
        store.append(StreamId.of("ping", round), ExpectedRevision.any(), RetryScenarios.TYPES.serialize(new Ping(round)));
    }

    @Test
    void aProcessWhoseCommandsFailForAWhileSendsEachCommandOnceAndCompletes() throws Exception {
        pongs.failures.set(3);
        try (RunningProcess<String> process = startRounds(new Retries(10, QUICK))) {
            ping("r1");
            ping("r2");
            await("both rounds were answered", () -> process.instance("r1").state().equals("answered")
                    && process.instance("r2").state().equals("answered"));
            assertThat(process.awaitCheckpoint(store.head(), Duration.ofSeconds(10))).isTrue();

            assertThat(pongs.calls).hasValue(5);
            assertThat(store.readStream(StreamId.of("pong", "r1"))).hasSize(1);
            assertThat(store.readStream(StreamId.of("pong", "r2"))).hasSize(1);
            assertThat(store.readStream(StreamId.of("rounds", "r1"))).hasSize(2);
            assertThat(store.readStream(StreamId.of("rounds", "r2"))).hasSize(2);
            assertThat(process.failure()).isEmpty();
            assertThat(process.status().state()).as("going on, not retrying").isIn(WorkerState.LIVE, WorkerState.CATCHING_UP);
        }
    }

    @Test
    void aProcessWhoseCommandsKeepFailingFailsAfterItsAttemptsBeforeTheEvent() throws Exception {
        pongs.failures.set(Integer.MAX_VALUE);
        try (RunningProcess<String> process = startRounds(new Retries(4, QUICK))) {
            ping("r1");
            await("the process failed", () -> process.status().state() == WorkerState.FAILED);

            assertThat(process.failure()).get().isInstanceOf(RetriesExhaustedException.class).asString()
                    .contains("Process manager 'rounds'").contains("after 4 attempt(s)").contains("pong database is unreachable");
            assertThat(process.status().lastError().toString()).contains("pong database is unreachable");
            assertThat(pongs.calls).hasValue(4);
            assertThat(store.readStream(StreamId.of("rounds", "r1"))).hasSize(1); // started once, never answered
            assertThat(process.instance("r1").state()).isEqualTo("started");
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }
}
