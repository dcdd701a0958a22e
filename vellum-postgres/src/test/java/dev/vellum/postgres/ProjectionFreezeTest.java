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
 * Issue 19.4: the owner of a leased projection (a child JVM) is frozen with SIGSTOP while inside a
 * fenced unit of work, for three times the lease's time to live, then thawed. The server ends its
 * silent transaction, so another instance takes over within the ttl and a few seconds, the log's
 * readable head goes on moving meanwhile, the thawed owner notices it lost the lease, and the read
 * model equals a rebuild row for row: the thawed owner committed nothing of the batch it held.
 */
class ProjectionFreezeTest {

    private static final long TTL_MS = 2_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anOwnerFrozenInsideAFencedUnitOfWorkHoldsUpNobodyButItself() throws Exception {
        String schema = TestDatabase.freshSchema();
        String readSchema = schema + "_read";
        AtomicBoolean appending = new AtomicBoolean(true);
        AtomicLong appended = new AtomicLong();
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource readPool = TestDatabase.dataSourceIn(readSchema, 4);
                HikariDataSource freshPool = TestDatabase.dataSourceIn(schema + "_fresh", 4);
                LeaseInstances instances = new LeaseInstances(dir)) {
            PostgresReadModel.open(readPool).close();
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

                freezeInsideAFencedUnitOfWork(owner, readSchema);
                long frozenAt = System.nanoTime();
                long committedAtFreeze = LeaseInstances.lastPosition(schema);
                LeaseInstances.Instance successor = instances.awaitLeasedAmong(owner, 15_000);
                long takeOverMs = (System.nanoTime() - frozenAt) / 1_000_000;
                System.out.printf("instance %d took over %d ms after instance %d was frozen%n", successor.index(),
                        takeOverMs, owner.index());
                assertThat(takeOverMs).as("take-over time").isLessThan(TTL_MS + 3_000);
                assertThat(store.head().value()).as("the log's readable head moved past the freeze")
                        .isGreaterThanOrEqualTo(committedAtFreeze);

                long thawAt = frozenAt + TimeUnit.MILLISECONDS.toNanos(3 * TTL_MS);
                Thread.sleep(Math.max(0, (thawAt - System.nanoTime()) / 1_000_000));
                LeaseInstances.signal(owner, "CONT");
                assertThat(instances.nextLine(owner, 10_000)).as("the thawed owner noticed").isEqualTo("LOST");

                Thread.sleep(1_000);
                appending.set(false);
                writer.join();
                long head = LeaseInstances.lastPosition(schema);
                LeaseInstances.await("the successor caught up", () -> checkpoint(readSchema) == head);
                instances.assertIdleExcept(owner, successor);
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

    /**
     * Freezes {@code owner} with SIGSTOP at a moment when one of its sessions sits inside a fenced unit
     * of work (idle in a transaction that locks a lease row); thaws it and tries again otherwise.
     */
    private static void freezeInsideAFencedUnitOfWork(LeaseInstances.Instance owner, String readSchema) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            LeaseInstances.signal(owner, "STOP");
            Thread.sleep(100);
            if (LeaseInstances.count("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE l.relation = '" + readSchema + ".vellum_leases'::regclass AND l.granted"
                    + " AND a.state = 'idle in transaction'") > 0) {
                return;
            }
            LeaseInstances.signal(owner, "CONT");
            Thread.sleep(20 + attempt % 7);
        }
        throw new AssertionError("never caught the owner inside a unit of work");
    }

    private static long checkpoint(String readSchema) throws Exception {
        return LeaseInstances.count("SELECT coalesce(min(position), 0) FROM " + readSchema + ".vellum_projection_checkpoints");
    }
}
