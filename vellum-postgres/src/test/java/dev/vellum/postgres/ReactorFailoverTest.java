package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several nodes, a reactor: three application instances (child JVMs) run the {@link PgDeliveries}
 * reactor under a lease while orders are appended. When the owner is killed with SIGKILL, another
 * takes over within seconds; in the end every order's delivery was carried out, its outcome is
 * recorded exactly once, and a delivery was repeated only if it was in flight at the kill.
 */
class ReactorFailoverTest {

    private static final long TTL_MS = 2_000;
    private static final int KILLS = 1;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void whenTheOwnerIsKilledAnotherInstanceCarriesOnAndEveryEffectIsRecordedOnce() throws Exception {
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
                assertThat(delivered(readSchema)).as("the owner carries out effects").isPositive();

                LeaseInstances.TakeOver takeOver = instances.killAndAwaitSuccessor(owner);
                assertThat(takeOver.millis()).as("take-over time").isLessThan(2 * TTL_MS + 2_000);
                long atTakeOver = delivered(readSchema);

                Thread.sleep(1_000);
                appending.set(false);
                writer.join();
                long orders = ordered.get();
                LeaseInstances.await("every order's outcome is recorded", () -> outcomes(schema) >= orders);
                LeaseInstances.await("the outbox closed every effect", () -> LeaseInstances.count("SELECT count(*) FROM " + readSchema
                        + ".vellum_timers WHERE state <> 'FIRED'") == 0);
                instances.assertIdleExcept(owner, takeOver.successor());

                assertThat(delivered(readSchema)).as("the successor carried on").isGreaterThan(atTakeOver);
                assertThat(outcomes(schema)).as("one outcome per order").isEqualTo(orders);
                assertThat(LeaseInstances.count("SELECT count(DISTINCT stream) FROM " + schema
                        + ".events WHERE type = 'Delivered'")).as("no order has two outcomes").isEqualTo(orders);
                assertThat(LeaseInstances.count("SELECT count(*) FROM " + readSchema + ".vellum_timers"))
                        .as("one effect decided per order").isEqualTo(orders);
                try (Connection c = TestDatabase.dataSource().getConnection()) {
                    long[] deliveries = PgDeliveries.deliveries(c, readSchema);
                    System.out.printf("%d orders, %d deliveries, %d attempts%n", orders, deliveries[0], deliveries[1]);
                    assertThat(deliveries[0]).as("every decided effect was carried out").isEqualTo(orders);
                    assertThat(deliveries[1] - deliveries[0]).as("repeats: only an effect in flight at a kill")
                            .isLessThanOrEqualTo(KILLS);
                }
            } finally {
                appending.set(false);
                writer.join();
            }
        }
    }

    private static long delivered(String readSchema) throws Exception {
        return LeaseInstances.count("SELECT count(*) FROM " + readSchema + ".deliveries");
    }

    private static long outcomes(String schema) throws Exception {
        return LeaseInstances.count("SELECT count(*) FROM " + schema + ".events WHERE type = 'Delivered'");
    }
}
