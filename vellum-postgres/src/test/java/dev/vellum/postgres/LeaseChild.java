package dev.vellum.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.projection.ProjectionRunner;
import java.time.Duration;

/**
 * One application instance of {@link ProjectionFailoverTest}: runs the {@link PgStreamStats}
 * projection under a lease, prints {@code READY} once open, then {@code LEASED} or {@code LOST}
 * whenever it takes or loses the lease, and never stops by itself.
 */
public final class LeaseChild {

    private LeaseChild() {
    }

    /** @param args the JDBC URL, the store's schema, the read model's schema, the lease time to live in ms */
    public static void main(String[] args) throws InterruptedException {
        HikariDataSource events = TestDatabase.pool(args[0], args[1], 4);
        HikariDataSource read = TestDatabase.pool(args[0], args[2], 4);
        PostgresEventStore store = PostgresEventStore.builder(events).schema(args[1]).open();
        PostgresReadModel readModel = PostgresReadModel.open(read);
        ProjectionRunner runner = ProjectionRunner.builder(store).batchSize(100).build();
        Leases leases = Leases.builder(store, read).projectionRunner(runner)
                .timeToLive(Duration.ofMillis(Long.parseLong(args[3]))).open();
        System.out.println("READY " + leases.owner());
        System.out.flush();
        leases.run(PgStreamStats.projection(), readModel);
        boolean held = false;
        while (true) {
            boolean now = !leases.held().isEmpty();
            if (now != held) {
                System.out.println(now ? "LEASED" : "LOST");
                System.out.flush();
                held = now;
            }
            Thread.sleep(10);
        }
    }
}
