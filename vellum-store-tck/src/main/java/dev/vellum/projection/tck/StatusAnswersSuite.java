package dev.vellum.projection.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.reactor.Effect;
import dev.vellum.reactor.EffectOutcomes;
import dev.vellum.reactor.EffectRequest;
import dev.vellum.reactor.Reactor;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.timer.Timer;
import dev.vellum.timer.sql.SqlTimerStore;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 9 on a SQL read model: while a handler hangs inside its batch (having written, so the
 * batch holds the database's write lock), the projection's status shows it as stalled, and every
 * bookkeeping read of the same database answers (parked events, checkpoints, the active version,
 * pending timers, a reactor's pending effects), each within a second; queries through {@link SqlReadModel#readers()} answer
 * too, see only committed rows, and cannot write. A store's test supplies the event store and
 * the read model, as for {@link RebuildWithoutDowntimeSuite}.
 *
 * @param <M> the read model under test
 */
public abstract class StatusAnswersSuite<M extends SqlReadModel & AutoCloseable> {

    /** A generous bound for "answers at once": far under how long the handler stays blocked. */
    private static final Duration ANSWER = Duration.ofSeconds(1);
    private static final Duration STALL_AFTER = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private EventStore store;
    private M readModel;
    private ProjectionRunner runner;
    private RunningReactor reactor;
    private final CountDownLatch release = new CountDownLatch(1);

    /** For subclasses. */
    protected StatusAnswersSuite() {
    }

    /** Opens a fresh, empty event store, in {@code directory} if it keeps files; the suite closes it. */
    protected abstract EventStore openStore(Path directory);

    /** Opens a fresh read model, in {@code directory} if it keeps files; closed by {@link #closeReadModel}. */
    protected abstract M openReadModel(Path directory);

    /** Closes the read model and whatever was opened for it; by default only the read model. */
    protected void closeReadModel(M readModel) throws Exception {
        readModel.close();
    }

    @BeforeEach
    void open() {
        store = openStore(directory);
        readModel = openReadModel(directory);
        runner = ProjectionRunner.builder(store).stallAfter(STALL_AFTER).build();
    }

    @AfterEach
    void close() throws Exception {
        release.countDown();
        if (reactor != null) {
            reactor.close();
        }
        runner.close();
        closeReadModel(readModel);
        store.close();
    }

    /** Keeps the position of each event in table {@code seen}; blocks on the event of stream {@code hang-1}. */
    private Projection<SqlContext> seen() {
        CountDownLatch entered = new CountDownLatch(1);
        return Projection.builder("seen", SqlContext.class)
                .setup(sql -> sql.createTable("seen", "(position BIGINT PRIMARY KEY)"))
                .handler((sql, event) -> {
                    sql.update("INSERT INTO {seen} (position) VALUES (?)", event.position().value());
                    if (event.stream().value().equals("hang-1")) {
                        entered.countDown();
                        release.await(WAIT.toSeconds(), TimeUnit.SECONDS); // far longer than the checks below
                    }
                })
                .build();
    }

    /** What records a reviewed effect's outcome. */
    record Reviewed(String key) {
    }

    /** A reactor whose one effect per {@code ok-1} event waits for a person's approval. */
    private static Reactor<Reviewed> review() {
        EffectOutcomes<Reviewed> outcomes = new EffectOutcomes<>() {
            @Override
            public Reviewed succeeded(Effect effect, String receipt) {
                return new Reviewed(effect.key());
            }

            @Override
            public Reviewed failed(Effect effect, String error) {
                return new Reviewed(effect.key());
            }

            @Override
            public StreamId stream(Effect effect) {
                return StreamId.of("reviews-1");
            }
        };
        return Reactor.builder("review", EventTypes.builder().register("Reviewed", Reviewed.class).build(), outcomes)
                .handles("Seen").startFromBeginning()
                .decide(event -> event.stream().value().equals("ok-1") ? List.of(EffectRequest.needingApproval("{}"))
                        : List.of())
                .execute(effect -> "done")
                .build();
    }

    @Test
    void statusAndEveryBookkeepingReadAnswerWhileAHandlerHangsInItsBatch() throws Exception {
        SqlTimerStore timers = new SqlTimerStore(readModel);
        timers.schedule(new Timer("nudge-1", "nudges", Instant.now().plus(Duration.ofHours(1)), "{}"));
        append("ok-1", 2);
        reactor = review().start(store, readModel, timers);
        assertThat(reactor.awaitCheckpoint(store.head(), WAIT)).isTrue();
        RunningProjection running = runner.start(seen(), readModel);
        assertThat(running.awaitCheckpoint(store.head(), WAIT)).as("%s", running.status()).isTrue();
        append("hang-1", 1);

        WorkerStatus stalled = awaitStalled(running);
        assertThat(stalled.checkpoint()).isEqualTo(Position.of(2)); // the batch holding position 3 is not committed
        assertThat(stalled.lagEvents()).isEqualTo(1);

        ProjectionId id = running.id();
        assertThat(answers("parkedEvents()", running::parkedEvents)).isEmpty();
        assertThat(answers("checkpoints()", () -> readModel.checkpoints(id))).get()
                .satisfies(c -> assertThat(c.low()).isEqualTo(Position.of(2)));
        assertThat(answers("activeVersion()", () -> readModel.activeVersion("seen"))).isEqualTo(OptionalInt.of(1));
        assertThat(answers("parked events of the store", () -> readModel.parkedEvents(id))).isEmpty();
        assertThat(answers("pending timers", () -> timers.pending("nudges")))
                .extracting(t -> t.timer().id()).containsExactly("nudge-1");
        assertThat(answers("a timer", () -> timers.find("nudge-1"))).isPresent();
        assertThat(answers("a reactor's pending effects", reactor::pendingEffects)).hasSize(2);
        assertThat(answers("a reactor's status", reactor::status).state()).isNotNull();
        assertThat(answers("a query through the readers", () -> count(readModel.readers())))
                .as("the hanging batch's row is not committed").isEqualTo(2);

        release.countDown();
        assertThat(running.awaitCheckpoint(store.head(), WAIT)).as("%s", running.status()).isTrue();
        assertThat(count(readModel.readers())).isEqualTo(3);
    }

    @Test
    void readersSeeCommittedRowsAndCannotWrite() throws Exception {
        append("ok-1", 5);
        RunningProjection running = runner.start(seen(), readModel);
        assertThat(running.awaitCheckpoint(store.head(), WAIT)).as("%s", running.status()).isTrue();
        DataSource readers = readModel.readers();
        try (Connection a = readers.getConnection(); Connection b = readers.getConnection()) {
            assertThat(a).isNotSameAs(b);
            assertThat(count(a)).isEqualTo(5);
            assertThat(count(b)).isEqualTo(5);
            assertThatThrownBy(() -> {
                try (Statement st = a.createStatement()) {
                    st.executeUpdate("DELETE FROM seen");
                }
            }).isInstanceOf(SQLException.class);
        }
        assertThat(count(readers)).as("nothing was deleted").isEqualTo(5);
    }

    private void append(String stream, int events) {
        for (int i = 0; i < events; i++) {
            store.append(StreamId.of(stream), ExpectedRevision.any(), EventData.of("Seen", "{}"));
        }
    }

    private static long count(DataSource readers) throws SQLException {
        try (Connection c = readers.getConnection()) {
            return count(c);
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM seen")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Asks for the status until it shows stalled; each answer must come within the bound. */
    private static WorkerStatus awaitStalled(RunningProjection running) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        WorkerStatus status = answers("status()", running::status);
        while (status.state() != WorkerState.STALLED) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The projection never showed as stalled: " + status);
            }
            Thread.sleep(20);
            status = answers("status()", running::status);
        }
        return status;
    }

    /** The answer of {@code call}, which must come within {@link #ANSWER} while the handler is blocked. */
    private static <T> T answers(String what, Callable<T> call) throws Exception {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("asks-" + what).start(() -> {
            try {
                answer.complete(call.call());
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not answer within " + ANSWER + " while a handler hangs in its batch");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
