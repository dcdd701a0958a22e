package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void whenTheOwnerIsKilledAnotherInstanceTakesOverWithinSecondsAndTheReadModelStaysExact() throws Exception {
        String schema = TestDatabase.freshSchema();
        String readSchema = schema + "_read";
        AtomicBoolean appending = new AtomicBoolean(true);
        AtomicLong appended = new AtomicLong();
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource readPool = TestDatabase.dataSourceIn(readSchema, 4);
                HikariDataSource freshPool = TestDatabase.dataSourceIn(schema + "_fresh", 4);
                LeaseInstances instances = new LeaseInstances(dir)) {
            PostgresReadModel.open(readPool).close(); // the schema's tables exist before the children race for them
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int i = 0; appending.get(); i++) {
                    List<EventData> batch = new ArrayList<>();
                    for (int j = 0; j < 10; j++) {
                        batch.add(EventData.of("Counted", "{\"n\":" + j + "}"));
                    }
                    store.append(StreamId.of("s-" + i % 50), ExpectedRevision.any(), batch);
                    appended.addAndGet(10);
                    LeaseInstances.sleep(5);
                }
            });
            try {
                instances.start(3, "projection", schema, readSchema, TTL_MS);
                LeaseInstances.Instance owner = instances.awaitOwner();
                assertThat(leaseOwners(readSchema)).hasSize(1);
                long beforeKill = checkpoint(readSchema);
                assertThat(beforeKill).as("the owner applies events").isPositive();

                LeaseInstances.TakeOver takeOver = instances.killAndAwaitSuccessor(owner);
                assertThat(takeOver.millis()).as("take-over time").isLessThan(2 * TTL_MS + 2_000);

                Thread.sleep(1_000);
                appending.set(false);
                writer.join();
                // every append committed; store.head() could still be held back by a child's batch transaction (watermark)
                long head = LeaseInstances.lastPosition(schema);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (checkpoint(readSchema) < head && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(checkpoint(readSchema)).as("the successor caught up to the head").isEqualTo(head)
                        .isGreaterThan(beforeKill);
                instances.assertIdleExcept(owner, takeOver.successor());
                instances.close();

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
                writer.join();
            }
        }
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

    private static long checkpoint(String readSchema) throws Exception {
        return LeaseInstances.count("SELECT coalesce(min(position), 0) FROM " + readSchema + ".vellum_projection_checkpoints");
    }
}
