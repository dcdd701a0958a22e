package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.projection.ErrorPolicy;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.retry.Retries;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.time.Backoff;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 5 on PostgreSQL: SQL read models in the same database as their checkpoints apply each
 * event exactly once, through stops, failing batches and partitions.
 */
class PostgresReadModelTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private PostgresEventStore store;
    private PostgresReadModel readModel;
    private ProjectionRunner runner;

    @BeforeEach
    void open() {
        String schema = TestDatabase.freshSchema();
        store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
        readModel = readModelIn(schema + "_read");
        runner = ProjectionRunner.builder(store).batchSize(100).build();
    }

    private PostgresReadModel readModelIn(String schema) {
        HikariDataSource pool = TestDatabase.dataSourceIn(schema, 8);
        PostgresReadModel model = PostgresReadModel.open(pool);
        toClose.add(pool);
        toClose.add(model);
        return model;
    }

    @AfterEach
    void close() throws Exception {
        runner.close();
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        store.close();
    }

    private void append(int count, int streams) {
        for (int i = 0; i < count; i += 10) {
            List<EventData> events = new ArrayList<>();
            for (int j = i; j < Math.min(count, i + 10); j++) {
                events.add(EventData.of("Counted", "{\"n\":" + j + "}"));
            }
            store.append(StreamId.of("s-" + (i / 10) % streams), ExpectedRevision.any(), events);
        }
    }

    private void await(RunningProjection running) throws InterruptedException {
        assertThat(running.awaitCheckpoint(store.head(), WAIT)).as("%s", running.status()).isTrue();
    }

    private List<String> rebuiltFromScratch() throws Exception {
        PostgresReadModel fresh = readModelIn(TestDatabase.freshSchema() + "_fresh");
        try (ProjectionRunner other = ProjectionRunner.create(store)) {
            await(other.start(PgStreamStats.projection(), fresh));
        }
        try (Connection c = fresh.openReader()) {
            return PgStreamStats.rows(c);
        }
    }

    @Test
    void buildsTheReadModelAndResumesExactlyAfterAStop() throws Exception {
        append(1_000, 7);
        RunningProjection running = runner.start(PgStreamStats.projection(), readModel);
        await(running);
        running.stop();
        append(500, 7);
        running = runner.start(PgStreamStats.projection(), readModel);
        await(running);
        try (Connection c = readModel.openReader()) {
            assertThat(PgStreamStats.total(c)).isEqualTo(1_500);
            assertThat(PgStreamStats.rows(c)).hasSize(7).containsExactlyElementsOf(rebuiltFromScratch());
        }
    }

    @Test
    void aFailureInsideABatchUndoesItsWritesSoEveryOtherEventCountsOnce() throws Exception {
        append(300, 3);
        Set<Long> poison = ConcurrentHashMap.newKeySet();
        poison.add(137L);
        poison.add(138L);
        RunningProjection running = runner.start(PgStreamStats.projection(1, 1,
                e -> poison.contains(e.position().value()), new Retries(2, new Backoff(Duration.ofMillis(1), Duration.ofSeconds(5))), ErrorPolicy.PARK), readModel);
        await(running);
        try (Connection c = readModel.openReader()) {
            assertThat(PgStreamStats.total(c)).as("the failed events' partial writes were rolled back, the others counted once")
                    .isEqualTo(298);
        }
        assertThat(running.parkedEvents()).extracting(ParkedEvent::position)
                .containsExactly(Position.of(137), Position.of(138));
        assertThat(readModel.parkedEvents(PgStreamStats.projection().id())).hasSize(2);
        assertThat(running.status().parkedEvents()).isEqualTo(2);

        poison.clear();
        running.retryParked(Position.of(137));
        running.skipParked(Position.of(138));
        try (Connection c = readModel.openReader()) {
            assertThat(PgStreamStats.total(c)).as("a retried event counts once, a skipped one not at all").isEqualTo(299);
        }
        assertThat(running.parkedEvents()).isEmpty();
        assertThat(running.status().parkedEvents()).as("counted as they were retried and skipped").isZero();
    }

    @Test
    void partitionsInTransactionsOfTheirOwnGiveTheSameRowsAsOne() throws Exception {
        append(2_000, 13);
        RunningProjection running = runner.start(PgStreamStats.projection(1, 4, e -> false, Projection.DEFAULT_RETRIES, ErrorPolicy.STOP), readModel);
        await(running);
        try (Connection c = readModel.openReader()) {
            assertThat(PgStreamStats.total(c)).isEqualTo(2_000);
            assertThat(PgStreamStats.rows(c)).hasSize(13).containsExactlyElementsOf(rebuiltFromScratch());
        }
    }
}
