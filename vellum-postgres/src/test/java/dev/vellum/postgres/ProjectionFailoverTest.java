package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.projection.ProjectionRunner;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several nodes: three application instances (child JVMs) on one database run one projection under
 * a lease while events are appended. Exactly one takes the lease; when it is killed with SIGKILL,
 * another takes over within seconds and carries on, and the read model still equals a rebuild from
 * scratch, row for row (two instances writing at once, or a take-over that re-applied a batch,
 * would count events twice).
 */
class ProjectionFailoverTest {

    private static final long TTL_MS = 2_000;

    /** A child and the lines it printed, with when. */
    private record Instance(int index, Process process, BlockingQueue<String> lines) {
    }

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void whenTheOwnerIsKilledAnotherInstanceTakesOverWithinSecondsAndTheReadModelStaysExact() throws Exception {
        String schema = TestDatabase.freshSchema();
        String readSchema = schema + "_read";
        List<Instance> instances = new ArrayList<>();
        AtomicBoolean appending = new AtomicBoolean(true);
        AtomicLong appended = new AtomicLong();
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource readPool = TestDatabase.dataSourceIn(readSchema, 4);
                HikariDataSource freshPool = TestDatabase.dataSourceIn(schema + "_fresh", 4)) {
            PostgresReadModel.open(readPool).close(); // the schema's tables exist before the children race for them
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int i = 0; appending.get(); i++) {
                    List<EventData> batch = new ArrayList<>();
                    for (int j = 0; j < 10; j++) {
                        batch.add(EventData.of("Counted", "{\"n\":" + j + "}"));
                    }
                    store.append(StreamId.of("s-" + i % 50), ExpectedRevision.any(), batch);
                    appended.addAndGet(10);
                    sleep(5);
                }
            });
            for (int i = 0; i < 3; i++) {
                instances.add(start(i, schema, readSchema));
            }
            for (Instance instance : instances) {
                assertThat(next(instance, 30_000)).as("instance %d opened", instance.index()).startsWith("READY");
            }
            Instance owner = awaitLeased(instances, 15_000);
            Thread.sleep(1_000);
            for (Instance other : instances) {
                if (other != owner) {
                    assertThat(other.lines()).as("only one instance holds the lease").isEmpty();
                }
            }
            assertThat(leaseOwners(readSchema)).hasSize(1);
            long beforeKill = checkpoint(readSchema);
            assertThat(beforeKill).as("the owner applies events").isPositive();

            long killedAt = System.nanoTime();
            owner.process().destroyForcibly(); // SIGKILL
            owner.process().waitFor();
            List<Instance> survivors = instances.stream().filter(i -> i != owner).toList();
            Instance successor = awaitLeased(survivors, 15_000);
            long takeOverMs = (System.nanoTime() - killedAt) / 1_000_000;
            System.out.printf("instance %d took over %d ms after instance %d was killed%n", successor.index(),
                    takeOverMs, owner.index());
            assertThat(takeOverMs).as("take-over time").isLessThan(2 * TTL_MS + 2_000);

            Thread.sleep(1_000);
            appending.set(false);
            writer.join();
            // every append committed; store.head() could still be held back by a child's batch transaction (watermark)
            long head = lastPosition(schema);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (checkpoint(readSchema) < head && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(checkpoint(readSchema)).as("the successor caught up to the head").isEqualTo(head)
                    .isGreaterThan(beforeKill);
            for (Instance other : survivors) {
                if (other != successor) {
                    assertThat(other.lines()).as("the third instance never held the lease").isEmpty();
                }
            }
            stopAll(instances);

            try (PostgresReadModel survivor = PostgresReadModel.open(readPool);
                    PostgresReadModel fresh = PostgresReadModel.open(freshPool);
                    ProjectionRunner runner = ProjectionRunner.create(store)) {
                assertThat(runner.start(PgStreamStats.projection(), fresh).awaitCheckpoint(Position.of(head),
                        Duration.ofSeconds(30))).isTrue();
                try (Connection a = survivor.openReader(); Connection b = fresh.openReader()) {
                    assertThat(PgStreamStats.total(a)).isEqualTo(appended.get());
                    assertThat(PgStreamStats.rows(a)).hasSize(50).containsExactlyElementsOf(PgStreamStats.rows(b));
                }
            }
        } finally {
            appending.set(false);
            stopAll(instances);
        }
    }

    private Instance start(int index, String schema, String readSchema) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("instance-" + index + ".log");
        Process p = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), LeaseChild.class.getName(), TestDatabase.jdbcUrl(), schema,
                readSchema, Long.toString(TTL_MS))
                .redirectError(log.toFile())
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child died
            }
        });
        return new Instance(index, p, lines);
    }

    private String next(Instance instance, long timeoutMs) throws Exception {
        String line = instance.lines().poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("instance " + instance.index() + " printed nothing; its log:\n"
                    + Files.readString(dir.resolve("instance-" + instance.index() + ".log")));
        }
        return line;
    }

    /** The one instance that prints {@code LEASED} first. */
    private static Instance awaitLeased(List<Instance> instances, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            for (Instance i : instances) {
                String line = i.lines().poll();
                if (line != null) {
                    assertThat(line).as("instance %d", i.index()).isEqualTo("LEASED");
                    return i;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no instance took the lease within " + timeoutMs + " ms");
    }

    private static List<String> leaseOwners(String readSchema) throws Exception {
        List<String> owners = new ArrayList<>();
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT owner FROM " + readSchema + ".vellum_leases WHERE expires_at > now()")) {
            while (rs.next()) {
                owners.add(rs.getString(1));
            }
        }
        return owners;
    }

    private static long lastPosition(String schema) throws Exception {
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT max(position) FROM " + schema + ".events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long checkpoint(String readSchema) throws Exception {
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(min(position), 0) FROM " + readSchema
                        + ".vellum_projection_checkpoints")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static void stopAll(List<Instance> instances) throws InterruptedException {
        for (Instance i : instances) {
            i.process().destroyForcibly();
            i.process().waitFor();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
