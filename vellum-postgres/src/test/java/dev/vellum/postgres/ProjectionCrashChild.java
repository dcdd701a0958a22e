package dev.vellum.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.projection.ProjectionRunner;

/**
 * The process {@link PostgresProjectionCrashTest} kills: it runs the {@link PgStreamStats}
 * projection from its checkpoint against the parent's embedded server, in small batches, held to a
 * pace that keeps it catching up through all the kills, prints {@code STARTED} once it runs, and
 * never stops by itself.
 */
public final class ProjectionCrashChild {

    private ProjectionCrashChild() {
    }

    /** @param args the JDBC URL, the store's schema, the read model's schema */
    public static void main(String[] args) throws InterruptedException {
        HikariDataSource events = TestDatabase.pool(args[0], args[1], 4);
        HikariDataSource read = TestDatabase.pool(args[0], args[2], 4);
        PostgresEventStore store = PostgresEventStore.builder(events).schema(args[1]).open();
        PostgresReadModel readModel = PostgresReadModel.open(read);
        ProjectionRunner runner = ProjectionRunner.builder(store).batchSize(50).build();
        runner.start(PgStreamStats.throttled(), readModel);
        System.out.println("STARTED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
