package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's frozen owner for a reactor and a process manager ({@link ProjectionFreezeTest} does a
 * projection): of three child JVMs under {@code Leases}, the owner is frozen with SIGSTOP for three
 * times the lease's time to live while it works, then thawed. Another instance takes over; the thawed
 * one notices it lost the lease; in the end every order has one recorded outcome and at most the
 * effect in flight at the freeze was carried out twice, and every round of the process completed
 * once, its timer fired once.
 */
class WorkerFreezeTest {

    private static final long TTL_MS = 2_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aReactorsFrozenOwnerRunsNoEffectTwiceButTheOneInFlight() throws Exception {
        String schema = TestDatabase.freshSchema();
        String readSchema = schema + "_read";
        AtomicBoolean appending = new AtomicBoolean(true);
        AtomicLong ordered = new AtomicLong();
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource readPool = TestDatabase.dataSourceIn(readSchema, 4);
                LeaseInstances instances = new LeaseInstances(dir)) {
            PostgresReadModel.open(readPool).close(); // the schema's tables exist before the children race for them
            PgDeliveries.createTable(readPool);
            Thread writer = PgDeliveries.startOrdering(store, appending, ordered);
            try {
                instances.start(3, "reactor", schema, readSchema, TTL_MS);
                LeaseInstances.Instance owner = instances.awaitOwner();
                LeaseInstances.await("the owner carries out effects", () -> delivered(readSchema) > 0);
                LeaseInstances.Instance successor = freezeAndThaw(instances, owner);

                Thread.sleep(1_000);
                appending.set(false);
                writer.join();
                long orders = ordered.get();
                LeaseInstances.await("every order's outcome is recorded", () -> events(schema, "Delivered") >= orders);
                LeaseInstances.await("the outbox closed every effect", () -> LeaseInstances.count("SELECT count(*) FROM "
                        + readSchema + ".vellum_timers WHERE state <> 'FIRED'") == 0);
                instances.assertIdleExcept(owner, successor);
                assertThat(events(schema, "Delivered")).as("one outcome per order").isEqualTo(orders);
                assertThat(LeaseInstances.count("SELECT count(DISTINCT stream) FROM " + schema
                        + ".events WHERE type = 'Delivered'")).as("no order has two outcomes").isEqualTo(orders);
                try (Connection c = TestDatabase.dataSource().getConnection()) {
                    long[] deliveries = PgDeliveries.deliveries(c, readSchema);
                    System.out.printf("%d orders, %d deliveries, %d attempts%n", orders, deliveries[0], deliveries[1]);
                    assertThat(deliveries[0]).as("every decided effect was carried out").isEqualTo(orders);
                    assertThat(deliveries[1] - deliveries[0]).as("repeats: only the effect in flight at the freeze")
                            .isLessThanOrEqualTo(1);
                }
            } finally {
                appending.set(false);
                writer.join();
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aProcessManagersFrozenOwnerFiresNoTimerTwiceAndEveryRoundCompletesOnce() throws Exception {
        String schema = TestDatabase.freshSchema();
        String readSchema = schema + "_read";
        AtomicBoolean appending = new AtomicBoolean(true);
        AtomicLong pinged = new AtomicLong();
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource readPool = TestDatabase.dataSourceIn(readSchema, 4);
                LeaseInstances instances = new LeaseInstances(dir)) {
            PostgresReadModel.open(readPool).close();
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int i = 0; appending.get(); i++) {
                    store.append(StreamId.of("ping", "r" + i), ExpectedRevision.noStream(), PgRounds.ping("r" + i));
                    pinged.incrementAndGet();
                    LeaseInstances.sleep(50);
                }
            });
            try {
                instances.start(3, "process", schema, readSchema, TTL_MS);
                LeaseInstances.Instance owner = instances.awaitOwner();
                LeaseInstances.await("the owner set timers", () -> LeaseInstances.count("SELECT count(*) FROM "
                        + readSchema + ".vellum_timers WHERE state = 'PENDING'") > 0);
                LeaseInstances.Instance successor = freezeAndThaw(instances, owner);

                Thread.sleep(1_000);
                appending.set(false);
                writer.join();
                long rounds = pinged.get();
                LeaseInstances.await("every round closed", () -> events(schema, "Closed") >= rounds);
                LeaseInstances.await("every timer is done", () -> LeaseInstances.count("SELECT count(*) FROM "
                        + readSchema + ".vellum_timers WHERE state <> 'FIRED'") == 0);
                instances.assertIdleExcept(owner, successor);
                for (String type : List.of("Started", "Answered", "Closed", "Pong")) {
                    assertThat(events(schema, type)).as("%s events", type).isEqualTo(rounds);
                    assertThat(LeaseInstances.count("SELECT count(DISTINCT stream) FROM " + schema + ".events WHERE type = '"
                            + type + "'")).as("one %s per round", type).isEqualTo(rounds);
                }
                assertThat(LeaseInstances.count("SELECT count(*) FROM " + readSchema + ".vellum_timers"))
                        .as("one timer per round").isEqualTo(rounds);
            } finally {
                appending.set(false);
                writer.join();
            }
        }
    }

    /**
     * Freezes {@code owner} for three ttls, checks that another instance took over within the ttl and a
     * few seconds, thaws it and checks that it noticed; returns the successor.
     */
    private static LeaseInstances.Instance freezeAndThaw(LeaseInstances instances, LeaseInstances.Instance owner)
            throws Exception {
        LeaseInstances.signal(owner, "STOP");
        long frozenAt = System.nanoTime();
        LeaseInstances.Instance successor = instances.awaitLeasedAmong(owner, 15_000);
        long takeOverMs = (System.nanoTime() - frozenAt) / 1_000_000;
        System.out.printf("instance %d took over %d ms after instance %d was frozen%n", successor.index(), takeOverMs,
                owner.index());
        assertThat(takeOverMs).as("take-over time").isLessThan(TTL_MS + 3_000);
        long thawAt = frozenAt + TimeUnit.MILLISECONDS.toNanos(3 * TTL_MS);
        Thread.sleep(Math.max(0, (thawAt - System.nanoTime()) / 1_000_000));
        LeaseInstances.signal(owner, "CONT");
        assertThat(instances.nextLine(owner, 10_000)).as("the thawed owner noticed").isEqualTo("LOST");
        return successor;
    }

    private static long delivered(String readSchema) throws Exception {
        return LeaseInstances.count("SELECT count(*) FROM " + readSchema + ".deliveries");
    }

    private static long events(String schema, String type) throws Exception {
        return LeaseInstances.count("SELECT count(*) FROM " + schema + ".events WHERE type = '" + type + "'");
    }
}
