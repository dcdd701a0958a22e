package dev.vellum.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.projection.ProjectionRunner;
import java.time.Duration;

/**
 * One application instance of the failover tests ({@link LeaseInstances}): runs, under a lease,
 * the {@link PgStreamStats} projection, the {@link PgDeliveries} reactor or the {@link PgRounds}
 * process manager; prints {@code READY} once open, then {@code LEASED} or {@code LOST} whenever it
 * takes or loses the lease, and never stops by itself.
 */
public final class LeaseChild {

    /** How long a delivery takes after it was carried out: a kill can land before its outcome is recorded. */
    static final Duration DELIVERY_PAUSE = Duration.ofMillis(5);
    /** How long after its answer a round's durable timer fires. */
    static final Duration CLOSE_AFTER = Duration.ofMillis(1_500);

    private LeaseChild() {
    }

    /**
     * @param args the JDBC URL, the store's schema, the read model's schema, the lease time to live in
     *     ms, and what to run: {@code projection}, {@code reactor} or {@code process}
     */
    public static void main(String[] args) throws Exception {
        HikariDataSource events = TestDatabase.pool(args[0], args[1], 6);
        HikariDataSource read = TestDatabase.pool(args[0], args[2], 6);
        PostgresEventStore store = PostgresEventStore.builder(events).schema(args[1]).open();
        PostgresReadModel readModel = PostgresReadModel.open(read);
        ProjectionRunner runner = ProjectionRunner.builder(store).batchSize(100).build();
        Leases leases = Leases.builder(store, read).projectionRunner(runner)
                .timeToLive(Duration.ofMillis(Long.parseLong(args[3]))).open();
        System.out.println("READY " + leases.owner());
        System.out.flush();
        switch (args[4]) {
            case "projection" -> leases.run(PgStreamStats.projection(), readModel);
            case "reactor" -> leases.run(PgDeliveries.reactor(read, leases.owner(), DELIVERY_PAUSE), readModel);
            case "process" -> leases.run(PgRounds.process(CLOSE_AFTER), readModel, PgRounds.router(store));
            default -> throw new IllegalArgumentException("Unknown kind '" + args[4] + "': use projection, reactor or process");
        }
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
