package dev.vellum.bench.store;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.LatencyHistogram;
import dev.vellum.bench.scenario.Operation;
import dev.vellum.bench.scenario.PacedSchedule;
import dev.vellum.bench.scenario.Workload;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.AppendResult;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * End-to-end latency of a projection at a steady rate: one append (one event, a new stream,
 * {@code synchronous=FULL}) every millisecond, 1,000 appends/s, and for each the time from its
 * scheduled slot until a query on the read model finds its row. In between the append commits
 * durably, the projection wakes on the commit, applies the event in its own transaction and
 * commits. {@value #WORKERS} workers take the slots in turn, so a slow fsync does not stop the
 * schedule (appends in flight together share one, as in an application); timing from the slot
 * rather than from the call keeps a late worker from hiding the delay.
 */
public final class ProjectionLatency implements Workload {

    /** Appends per second. */
    public static final int RATE = 1_000;

    private static final int WORKERS = 16;
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "Vellum append → visible row";
    }

    @Override
    public boolean reportsLatency() {
        return true;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        SqliteEventStore store = SqliteEventStore.open(directory.resolve("events.db"));
        SqliteReadModel readModel = SqliteReadModel.open(directory.resolve("read.db"));
        ProjectionRunner runner = ProjectionRunner.create(store);
        RunningProjection projection = runner.start(OrderReadModel.projection(), readModel);
        PacedSchedule schedule = new PacedSchedule(RATE);
        List<Paced> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            workers.add(new Paced(store, projection, readModel.openReader(), schedule));
        }
        return Fixture.measuring(WORKERS, workers::get, () -> {
            LatencyHistogram all = new LatencyHistogram();
            workers.forEach(w -> all.add(w.latencies));
            return all;
        }, () -> {
            for (Paced worker : workers) {
                worker.reader.close();
            }
            runner.close();
            readModel.close();
            store.close();
        });
    }

    /** Takes a slot, appends in it, waits for the row, records the latency from the slot. */
    private static final class Paced implements Operation {
        private final SqliteEventStore store;
        private final RunningProjection projection;
        private final Connection reader;
        private final PreparedStatement visible;
        private final PacedSchedule schedule;
        private final LatencyHistogram latencies = new LatencyHistogram();

        Paced(SqliteEventStore store, RunningProjection projection, Connection reader, PacedSchedule schedule)
                throws SQLException {
            this.store = store;
            this.projection = projection;
            this.reader = reader;
            this.visible = reader.prepareStatement("SELECT 1 FROM " + OrderReadModel.TABLE + " WHERE position = ?");
            this.schedule = schedule;
        }

        @Override
        public int run() throws Exception {
            long number = schedule.next();
            long slot = schedule.awaitSlot(number);
            AppendResult result = store.append(StreamId.of(OrderEvents.streamName(number)), ExpectedRevision.noStream(),
                    OrderEventData.one());
            if (!projection.awaitCheckpoint(result.position(), LIMIT)) {
                throw new IllegalStateException("The projection did not apply " + result.position() + ": "
                        + projection.status());
            }
            visible.setLong(1, result.position().value());
            try (ResultSet row = visible.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("The row of " + result.position() + " is not visible");
                }
            }
            latencies.record(System.nanoTime() - slot);
            return 1;
        }
    }
}
