package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 5 under crashes, on PostgreSQL: a child JVM catching up a SQL read model on the
 * embedded server is killed with SIGKILL at random moments, eight times; after each kill the
 * checkpoint never went back, and in the end the read model equals one rebuilt from scratch, row
 * for row. The projection counts and chains digests per stream, so an event applied twice,
 * skipped or out of order would show.
 */
class PostgresProjectionCrashTest {

    private static final int KILLS = 8;
    private static final int EVENTS = 20_000;
    private static final int STREAMS = 200;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void killedManyTimesDuringCatchUpTheReadModelEqualsARebuildFromScratch() throws Exception {
        String schema = TestDatabase.freshSchema();
        String readSchema = schema + "_read";
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource readPool = TestDatabase.dataSourceIn(readSchema, 4);
                HikariDataSource freshPool = TestDatabase.dataSourceIn(schema + "_fresh", 4)) {
            long started = System.nanoTime();
            Position head = fill(store);
            System.out.printf("filled in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            ProjectionId id = PgStreamStats.projection().id();
            Random random = new Random();
            long last = 0;
            int killedDuringCatchUp = 0;
            for (int round = 1; round <= KILLS; round++) {
                Path log = dir.resolve("child-" + round + ".log");
                Process child = startChild(schema, readSchema, log);
                try {
                    awaitStarted(child, log);
                    awaitProgress(readSchema, id, last); // a loaded machine may give a child little time
                    Thread.sleep(random.nextInt(300));
                } finally {
                    child.destroyForcibly(); // SIGKILL
                    child.waitFor();
                }
                long checkpoint = checkpoint(readSchema, id);
                assertThat(checkpoint).as("round %d: the checkpoint never goes back", round).isGreaterThanOrEqualTo(last);
                System.out.printf("round %d: killed at checkpoint %d of %d, %d ms in%n", round, checkpoint, head.value(),
                        (System.nanoTime() - started) / 1_000_000);
                last = checkpoint;
                if (checkpoint < head.value()) {
                    killedDuringCatchUp++;
                }
            }
            assertThat(killedDuringCatchUp).as("kills that landed during the catch-up").isGreaterThanOrEqualTo(KILLS - 1);
            assertThat(last).as("the children made progress").isPositive();

            try (PostgresReadModel survivor = PostgresReadModel.open(readPool);
                    PostgresReadModel fresh = PostgresReadModel.open(freshPool);
                    ProjectionRunner runner = ProjectionRunner.create(store);
                    ProjectionRunner other = ProjectionRunner.create(store)) {
                RunningProjection resumed = runner.start(PgStreamStats.projection(), survivor);
                RunningProjection rebuilt = other.start(PgStreamStats.projection(), fresh);
                assertThat(resumed.awaitCheckpoint(head, Duration.ofSeconds(30))).as("%s", resumed.status()).isTrue();
                assertThat(rebuilt.awaitCheckpoint(head, Duration.ofSeconds(30))).as("%s", rebuilt.status()).isTrue();
                System.out.printf("caught up, %d ms in%n", (System.nanoTime() - started) / 1_000_000);
                try (Connection a = survivor.openReader(); Connection b = fresh.openReader()) {
                    assertThat(PgStreamStats.total(a)).isEqualTo(EVENTS);
                    assertThat(PgStreamStats.rows(a)).hasSize(STREAMS).containsExactlyElementsOf(PgStreamStats.rows(b));
                }
            }
        }
    }

    /** Waits (bounded) until a child has committed a checkpoint past {@code last}, so each round kills mid-work. */
    private static void awaitProgress(String readSchema, ProjectionId id, long last) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                if (checkpoint(readSchema, id) > last) {
                    return;
                }
            } catch (java.sql.SQLException e) {
                // the child has not created its checkpoint table yet
            }
            Thread.sleep(10);
        }
    }

    private static Position fill(PostgresEventStore store) {
        for (int i = 0; i < EVENTS; i += 100) {
            List<EventData> batch = new ArrayList<>(100);
            for (int j = 0; j < 100; j++) {
                batch.add(EventData.of("Counted", "{\"n\":" + (i + j) + "}"));
            }
            store.append(StreamId.of("s-" + (i / 100) % STREAMS), ExpectedRevision.any(), batch);
        }
        return store.head();
    }

    private static Process startChild(String schema, String readSchema, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), ProjectionCrashChild.class.getName(), TestDatabase.jdbcUrl(),
                schema, readSchema)
                .redirectError(log.toFile())
                .start();
    }

    private static void awaitStarted(Process child, Path log) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the child started; its log:%n%s", Files.readString(log)).isEqualTo("STARTED");
    }

    private static long checkpoint(String readSchema, ProjectionId id) throws Exception {
        try (Connection c = TestDatabase.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(min(position), 0) FROM " + readSchema
                        + ".vellum_projection_checkpoints WHERE projection = '" + id.name() + "' AND version = " + id.version())) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
