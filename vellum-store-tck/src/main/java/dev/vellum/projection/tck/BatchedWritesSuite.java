package dev.vellum.projection.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.ErrorPolicy;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionHandler;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.retry.Retries;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.time.Backoff;
import dev.vellum.worker.WorkerState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SqlContext#batch}: rows deferred to one JDBC batch keep their order with the handler's other
 * statements, commit with the checkpoint or not at all, and a failing batched row is parked (or
 * stops the projection) at its own event, though the batch held the rows of a hundred events. A
 * store's test supplies the event store and the read model:
 *
 * <pre>{@code
 * class BatchedWritesTest extends BatchedWritesSuite<SqliteReadModel> {
 *     protected EventStore openStore(Path directory) {
 *         return SqliteEventStore.open(directory.resolve("events.db"));
 *     }
 *     protected SqliteReadModel openReadModel(Path directory) {
 *         return SqliteReadModel.open(directory.resolve("read.db"));
 *     }
 * }
 * }</pre>
 *
 * @param <M> the read model under test
 */
public abstract class BatchedWritesSuite<M extends SqlReadModel & AutoCloseable> {

    private static final int EVENTS = 300;
    private static final long POISON = 137;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String INSERT = "INSERT INTO {rows} (pos, touched) VALUES (?, 0)";

    @TempDir
    Path directory;

    private EventStore store;
    private M readModel;
    private ProjectionRunner runner;

    /** The event store under test, opened in {@code directory} (or elsewhere). */
    protected abstract EventStore openStore(Path directory);

    /** A fresh read model beside the store: the same database or file directory. */
    protected abstract M openReadModel(Path directory);

    /** Closes the read model, and what it was opened on. */
    protected void closeReadModel(M model) throws Exception {
        model.close();
    }

    @BeforeEach
    void open() {
        store = openStore(directory);
        readModel = openReadModel(directory);
        runner = ProjectionRunner.builder(store).batchSize(100).build();
        for (int i = 0; i < EVENTS; i += 10) {
            List<EventData> events = new ArrayList<>();
            for (int j = i; j < i + 10; j++) {
                events.add(EventData.of("Counted", "{\"n\":" + j + "}"));
            }
            store.append(StreamId.of("s-" + i / 10 % 3), ExpectedRevision.any(), events);
        }
    }

    @AfterEach
    void close() throws Exception {
        runner.close();
        closeReadModel(readModel);
        store.close();
    }

    private static Projection<SqlContext> projection(ProjectionHandler<SqlContext> handler, ErrorPolicy policy) {
        return Projection.builder("batched", SqlContext.class)
                .setup(sql -> sql.createTable("rows", "(pos BIGINT PRIMARY KEY, touched INTEGER NOT NULL)"))
                .handler(handler)
                .retries(new Retries(1, new Backoff(Duration.ofMillis(1), Duration.ofMillis(10))))
                .errorPolicy(policy)
                .build();
    }

    private List<Long> rows(String column) throws Exception {
        List<Long> values = new ArrayList<>();
        try (Connection c = readModel.openReader(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + column + " FROM rows ORDER BY pos")) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    private static List<Long> positionsBut(long left, long lastIncluded) {
        return LongStream.rangeClosed(1, lastIncluded).filter(p -> p != left).boxed().toList();
    }

    private void await(RunningProjection running) throws InterruptedException {
        assertThat(running.awaitCheckpoint(store.head(), WAIT)).as("%s", running.status()).isTrue();
    }

    @Test
    void batchedRowsRunBeforeTheHandlersOtherStatementsAndInTheirOrder() throws Exception {
        Queue<Integer> updated = new ConcurrentLinkedQueue<>();
        RunningProjection running = runner.start(projection((sql, event) -> {
            long pos = event.position().value();
            sql.batch(INSERT, pos);
            updated.add(sql.update("UPDATE {rows} SET touched = touched + 1 WHERE pos = ?", pos));
            sql.batch("UPDATE {rows} SET touched = touched * 10 WHERE pos = ?", pos);
            if (pos % 50 == 0) {
                try (var ps = sql.connection().prepareStatement(
                        "UPDATE " + sql.table("rows") + " SET touched = touched + 1 WHERE pos = ?")) {
                    ps.setLong(1, pos);
                    updated.add(ps.executeUpdate());
                }
            }
        }, ErrorPolicy.STOP), readModel);
        await(running);
        assertThat(updated).as("each update found the row batched before it").hasSize(EVENTS + EVENTS / 50)
                .containsOnly(1);
        assertThat(rows("pos")).containsExactlyElementsOf(positionsBut(0, EVENTS));
        assertThat(rows("touched")).as("(0 + 1) * 10, plus 1 through the connection on every 50th event")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, EVENTS).map(p -> p % 50 == 0 ? 11 : 10).boxed().toList());
    }

    @Test
    void aFailingBatchedRowParksItsOwnEventAndNoOtherIsAppliedTwice() throws Exception {
        RunningProjection running = runner.start(projection((sql, event) -> {
            long pos = event.position().value();
            sql.batch(INSERT, pos == POISON ? pos - 1 : pos); // a duplicate key, seen only when the batch runs
        }, ErrorPolicy.PARK), readModel);
        await(running);
        assertThat(running.parkedEvents()).extracting(ParkedEvent::position).containsExactly(Position.of(POISON));
        assertThat(rows("pos")).as("the failed transaction's rows rolled back, then applied once each")
                .containsExactlyElementsOf(positionsBut(POISON, EVENTS));
    }

    @Test
    void aFailingBatchedRowStopsAtItsEventWithTheRowsAndCheckpointBeforeIt() throws Exception {
        RunningProjection running = runner.start(projection((sql, event) -> {
            long pos = event.position().value();
            sql.batch(INSERT, pos == POISON ? pos - 1 : pos);
        }, ErrorPolicy.STOP), readModel);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (running.status().state() != WorkerState.FAILED && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(running.status().state()).as("%s", running.status()).isEqualTo(WorkerState.FAILED);
        assertThat(running.status().checkpoint()).isEqualTo(Position.of(POISON - 1));
        assertThat(rows("pos")).as("nothing of the failed transaction kept beyond the checkpoint")
                .containsExactlyElementsOf(positionsBut(0, POISON - 1));
    }

    @Test
    void aHandlerThatFailsAfterBatchingLosesItsRowWithTheRollback() throws Exception {
        RunningProjection running = runner.start(projection((sql, event) -> {
            long pos = event.position().value();
            sql.batch(INSERT, pos);
            if (pos == POISON) {
                throw new IllegalStateException("poison after batching");
            }
        }, ErrorPolicy.PARK), readModel);
        await(running);
        assertThat(running.parkedEvents()).extracting(ParkedEvent::position).containsExactly(Position.of(POISON));
        assertThat(rows("pos")).containsExactlyElementsOf(positionsBut(POISON, EVENTS));
    }
}
