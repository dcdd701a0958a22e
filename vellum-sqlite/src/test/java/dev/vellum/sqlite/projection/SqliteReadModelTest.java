package dev.vellum.sqlite.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.projection.ErrorPolicy;
import dev.vellum.projection.InvalidProjectionException;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.retry.Retries;
import dev.vellum.sqlite.DatabaseInUseException;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.time.Backoff;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteReadModelTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private SqliteEventStore store;
    private SqliteReadModel readModel;
    private ProjectionRunner runner;

    @BeforeEach
    void open() {
        store = SqliteEventStore.open(dir.resolve("events.db"));
        readModel = SqliteReadModel.open(dir.resolve("read.db"));
        runner = ProjectionRunner.builder(store).batchSize(100).build();
    }

    @AfterEach
    void close() {
        runner.close();
        readModel.close();
        store.close();
    }

    private void append(int count, int streams) {
        for (int i = 0; i < count; i += 10) {
            List<EventData> events = new java.util.ArrayList<>();
            for (int j = i; j < Math.min(count, i + 10); j++) {
                events.add(EventData.of("Counted", "{\"n\":" + j + "}"));
            }
            store.append(StreamId.of("s-" + (i / 10) % streams), ExpectedRevision.any(), events);
        }
    }

    private List<String> rows() throws Exception {
        try (Connection c = readModel.openReader()) {
            return StreamStats.rows(c);
        }
    }

    private long total() throws Exception {
        try (Connection c = readModel.openReader()) {
            return StreamStats.total(c);
        }
    }

    private void await(RunningProjection running) throws InterruptedException {
        assertThat(running.awaitCheckpoint(store.head(), WAIT)).as("%s", running.status()).isTrue();
    }

    @Test
    void buildsTheReadModelAndResumesExactlyAfterAStop() throws Exception {
        append(1_000, 7);
        RunningProjection running = runner.start(StreamStats.projection(), readModel);
        await(running);
        assertThat(total()).isEqualTo(1_000);
        assertThat(rows()).hasSize(7);
        running.stop();

        append(500, 7);
        running = runner.start(StreamStats.projection(), readModel);
        await(running);
        assertThat(total()).isEqualTo(1_500);
        List<String> resumed = rows();

        // a rebuild from scratch in a fresh file gives the same rows, row for row
        try (SqliteReadModel fresh = SqliteReadModel.open(dir.resolve("fresh.db"));
                ProjectionRunner other = ProjectionRunner.create(store)) {
            RunningProjection rebuilt = other.start(StreamStats.projection(), fresh);
            assertThat(rebuilt.awaitCheckpoint(store.head(), WAIT)).isTrue();
            try (Connection c = fresh.openReader()) {
                assertThat(StreamStats.rows(c)).containsExactlyElementsOf(resumed);
            }
        }
    }

    @Test
    void aFailureInsideABatchUndoesItsWritesSoEveryOtherEventCountsOnce() throws Exception {
        append(300, 3);
        Set<Long> poison = ConcurrentHashMap.newKeySet();
        poison.add(137L);
        poison.add(138L);
        RunningProjection running = runner.start(StreamStats.projection(1, 1,
                e -> poison.contains(e.position().value()), new Retries(2, new Backoff(Duration.ofMillis(1), Duration.ofSeconds(5))), ErrorPolicy.PARK), readModel);
        await(running);
        assertThat(total()).as("the failed events' partial writes were rolled back, the others counted once")
                .isEqualTo(298);
        assertThat(running.parkedEvents()).extracting(ParkedEvent::position)
                .containsExactly(Position.of(137), Position.of(138));

        poison.clear();
        running.retryParked(Position.of(137));
        running.skipParked(Position.of(138));
        assertThat(total()).isEqualTo(299);
        assertThat(running.parkedEvents()).isEmpty();
    }

    @Test
    void parkedEventsAreKeptInTheFileAcrossRestarts() throws Exception {
        append(40, 2);
        Projection<SqlContext> projection = StreamStats.projection(1, 1, e -> e.position().value() == 7,
                Retries.none(), ErrorPolicy.PARK);
        RunningProjection running = runner.start(projection, readModel);
        await(running);
        runner.close();
        readModel.close();

        readModel = SqliteReadModel.open(dir.resolve("read.db"));
        runner = ProjectionRunner.create(store);
        assertThat(readModel.parkedEvents(projection.id())).singleElement().satisfies(p -> {
            assertThat(p.position()).isEqualTo(Position.of(7));
            assertThat(p.error()).contains("poison event at 7");
            assertThat(p.attempts()).isEqualTo(1);
        });
        assertThat(runner.start(projection, readModel).status().parkedEvents()).isEqualTo(1);
    }

    @Test
    void resetEmptiesTheReadModelAndReplaysFromZero() throws Exception {
        append(200, 4);
        RunningProjection running = runner.start(StreamStats.projection(), readModel);
        await(running);
        List<String> before = rows();
        running.reset();
        await(running);
        assertThat(rows()).containsExactlyElementsOf(before);
        assertThat(total()).isEqualTo(200);
    }

    @Test
    void partitionsInParallelGiveTheSameReadModelAsOne() throws Exception {
        append(2_000, 13);
        RunningProjection running = runner.start(StreamStats.projection(1, 4, e -> false, Projection.DEFAULT_RETRIES, ErrorPolicy.STOP),
                readModel);
        await(running);
        assertThat(total()).isEqualTo(2_000);
        List<String> partitioned = rows();
        try (SqliteReadModel single = SqliteReadModel.open(dir.resolve("single.db"));
                ProjectionRunner other = ProjectionRunner.create(store)) {
            RunningProjection one = other.start(StreamStats.projection(), single);
            assertThat(one.awaitCheckpoint(store.head(), WAIT)).isTrue();
            try (Connection c = single.openReader()) {
                assertThat(StreamStats.rows(c)).containsExactlyElementsOf(partitioned);
            }
        }
    }

    @Test
    void twoProjectionsCannotShareATableName() {
        runner.start(StreamStats.projection(), readModel);
        Projection<SqlContext> thief = Projection.builder("thief", SqlContext.class)
                .setup(sql -> sql.createTable("stream_stats", "(x INTEGER)"))
                .handler((sql, e) -> { }).build();
        assertThatThrownBy(() -> runner.start(thief, readModel)).hasRootCauseInstanceOf(InvalidProjectionException.class)
                .hasMessageContaining("projection 'stream-stats' has one");
    }

    @Test
    void tableNamesAreCheckedAndResolvedPerVersion() {
        Projection<SqlContext> bad = Projection.builder("bad-name", SqlContext.class)
                .setup(sql -> sql.createTable("Orders; DROP TABLE x", "(x INTEGER)"))
                .handler((sql, e) -> { }).build();
        assertThatThrownBy(() -> runner.start(bad, readModel)).hasRootCauseInstanceOf(InvalidProjectionException.class)
                .hasMessageContaining("lower-case SQL identifier");
        try (var tx = readModel.begin(dev.vellum.projection.ProjectionId.of("names", 3))) {
            assertThat(tx.context().table("order_summary")).isEqualTo("order_summary_v3");
        }
    }

    @Test
    void oneProcessOwnsTheFile() {
        assertThatThrownBy(() -> SqliteReadModel.open(dir.resolve("read.db"))).isInstanceOf(DatabaseInUseException.class);
    }
}
