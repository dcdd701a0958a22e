package dev.vellum.sqlite.projection;

import dev.vellum.projection.ProjectionRunner;
import dev.vellum.sqlite.Durability;
import dev.vellum.sqlite.SqliteEventStore;
import java.nio.file.Path;

/**
 * The process {@link ProjectionCrashTest} kills: it runs the {@link StreamStats} projection from its
 * checkpoint, in small batches with an fsync per commit (so a kill often lands mid-transaction),
 * held to a pace that keeps it catching up through all the kills, prints {@code STARTED} once it
 * runs, and never stops by itself.
 */
public final class ProjectionCrashChild {

    private ProjectionCrashChild() {
    }

    /** @param args the event store file, the read-model file */
    public static void main(String[] args) throws InterruptedException {
        SqliteEventStore store = SqliteEventStore.open(Path.of(args[0]));
        SqliteReadModel readModel = SqliteReadModel.open(Path.of(args[1]), Durability.FULL);
        ProjectionRunner runner = ProjectionRunner.builder(store).batchSize(50).build();
        runner.start(StreamStats.throttled(), readModel);
        System.out.println("STARTED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
