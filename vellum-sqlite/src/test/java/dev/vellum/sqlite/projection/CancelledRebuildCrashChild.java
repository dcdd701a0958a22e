package dev.vellum.sqlite.projection;

import dev.vellum.projection.ErrorPolicy;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.sqlite.Durability;
import dev.vellum.sqlite.SqliteEventStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The process {@link CancelledRebuildCrashTest} kills: it runs the {@link StreamStats} projection until
 * it is caught up, starts an operator's rebuild (a millisecond an event from then on, in batches of 200,
 * so the cancel waits up to 200 ms for the batch being applied), waits until the rebuild has saved a
 * checkpoint, prints {@code CANCELLING}, cancels it, prints {@code CANCELLED}, and never stops by itself.
 */
public final class CancelledRebuildCrashChild {

    private CancelledRebuildCrashChild() {
    }

    private static volatile boolean slow;

    /** The stream-stats projection, a millisecond an event once {@link #slow} is set. */
    private static Projection<SqlContext> projection() {
        return StreamStats.projection(1, 1, event -> {
            if (slow) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return false;
        }, Projection.DEFAULT_RETRIES, ErrorPolicy.STOP);
    }

    /** @param args the event store file, the read-model file */
    public static void main(String[] args) throws InterruptedException {
        SqliteEventStore store = SqliteEventStore.open(Path.of(args[0]));
        SqliteReadModel readModel = SqliteReadModel.open(Path.of(args[1]), Durability.FULL);
        ProjectionRunner runner = ProjectionRunner.builder(store).batchSize(200).build();
        RunningProjection stats = runner.start(projection(), readModel);
        if (!stats.awaitCheckpoint(store.head(), Duration.ofSeconds(60))) {
            throw new IllegalStateException("not caught up: " + stats.status());
        }
        slow = true;
        while (true) {
            try {
                stats.rebuild();
                break;
            } catch (dev.vellum.projection.ProjectionRebuildException notYet) {
                Thread.sleep(10); // LIVE only once the status has seen the head
            }
        }
        ProjectionId next = stats.rebuilding().orElseThrow().id();
        while (readModel.checkpoints(next).filter(c -> c.low().value() > 100).isEmpty()) {
            Thread.sleep(5);
        }
        System.out.println("CANCELLING");
        System.out.flush();
        stats.cancelRebuild();
        System.out.println("CANCELLED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
