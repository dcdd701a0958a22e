package dev.vellum.projection.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilds a SQL read model under a steady stream of queries and appends, and checks every query
 * saw a whole read model of one version: never empty, never half built, never going back in time,
 * and never an error while the versions switch and the old tables are dropped. A store's test
 * supplies the event store, the read model and its SQL dialect:
 *
 * <pre>{@code
 * class RebuildWithoutDowntimeTest extends RebuildWithoutDowntimeSuite<SqliteReadModel> {
 *     protected EventStore openStore(Path directory) {
 *         return SqliteEventStore.open(directory.resolve("events.db"));
 *     }
 *     protected SqliteReadModel openReadModel(Path directory) {
 *         return SqliteReadModel.open(directory.resolve("read.db"));
 *     }
 *     // countsColumns(), countUpsert(), tableNamesQuery()
 * }
 * }</pre>
 *
 * @param <M> the read model under test
 */
public abstract class RebuildWithoutDowntimeSuite<M extends SqlReadModel & AutoCloseable> {

    private static final int STREAMS = 50;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private EventStore store;
    private M readModel;
    private ProjectionRunner runner;

    /** One query's view: how many streams, how many events in all, which versions built the rows. */
    record Seen(long streams, long events, int minVersion, int maxVersion) {
    }

    /** For subclasses. */
    protected RebuildWithoutDowntimeSuite() {
    }

    /** Opens a fresh, empty event store, in {@code directory} if it keeps files; the suite closes it. */
    protected abstract EventStore openStore(Path directory);

    /** Opens a fresh read model, in {@code directory} if it keeps files; closed by {@link #closeReadModel}. */
    protected abstract M openReadModel(Path directory);

    /** Closes the read model and whatever was opened for it; by default only the read model. */
    protected void closeReadModel(M readModel) throws Exception {
        readModel.close();
    }

    /**
     * The column list of table {@code stream_counts}, in parentheses: {@code stream} (text, the
     * primary key), {@code events} and {@code built_by} (integers, not null).
     */
    protected abstract String countsColumns();

    /**
     * Inserts a row into {@code {stream_counts}} with parameters {@code stream} and {@code built_by}
     * and {@code events} 1, or adds 1 to {@code events} of the stream's row.
     */
    protected abstract String countUpsert();

    /** A query for the names of the tables the read model's reader sees, one a row. */
    protected abstract String tableNamesQuery();

    @BeforeEach
    void open() {
        store = openStore(directory);
        readModel = openReadModel(directory);
        runner = ProjectionRunner.builder(store).batchSize(25).build(); // small batches: a long, many-step rebuild
        for (int i = 0; i < 8_000; i += 10) {
            List<EventData> events = new ArrayList<>();
            for (int j = 0; j < 10; j++) {
                events.add(EventData.of("Counted", "{}"));
            }
            store.append(StreamId.of("s-" + (i / 10) % STREAMS), ExpectedRevision.any(), events);
        }
    }

    @AfterEach
    void close() throws Exception {
        runner.close();
        closeReadModel(readModel);
        store.close();
    }

    private Projection<SqlContext> counts(int version, boolean keep) {
        Projection.Builder<SqlContext> b = Projection.builder("counts", SqlContext.class).version(version)
                .setup(sql -> sql.createTable("stream_counts", countsColumns()))
                .handler((sql, e) -> sql.update(countUpsert(), e.stream().value(), sql.projection().version()));
        return (keep ? b.keepPreviousVersion() : b).build();
    }

    @Test
    void queriesNeverSeeAnEmptyOrHalfBuiltReadModelAndTheOldTablesAreDropped() throws Exception {
        List<Seen> seen = rebuildUnderLoad(false);
        assertThat(tables()).contains("stream_counts_v2").doesNotContain("stream_counts_v1");
        assertThat(seen).extracting(Seen::maxVersion).contains(1, 2);
    }

    @Test
    void theOldTablesCanBeKept() throws Exception {
        rebuildUnderLoad(true);
        assertThat(tables()).contains("stream_counts_v1", "stream_counts_v2");
    }

    private List<Seen> rebuildUnderLoad(boolean keep) throws Exception {
        RunningProjection v1 = runner.start(counts(1, keep), readModel);
        assertThat(v1.awaitCheckpoint(store.head(), WAIT)).isTrue();

        AtomicBoolean running = new AtomicBoolean(true);
        List<Seen> seen = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofPlatform().start(() -> query(running, seen, errors));
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; running.get(); i++) {
                store.append(StreamId.of("s-" + i % STREAMS), ExpectedRevision.any(), EventData.of("Counted", "{}"));
                sleep(2);
            }
        });
        RunningProjection v2 = runner.start(counts(2, keep), readModel);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!readModel.activeVersion("counts").equals(OptionalInt.of(2)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(300); // keep querying a while after the switch
        running.set(false);
        reader.join();
        writer.join();

        assertThat(readModel.activeVersion("counts")).as("%s", v2.status()).isEqualTo(OptionalInt.of(2));
        assertThat(errors).isEmpty();
        assertThat(seen).hasSizeGreaterThan(20).allSatisfy(s -> {
            assertThat(s.streams()).as("whole: every stream, %s", s).isEqualTo(STREAMS);
            assertThat(s.events()).as("never less than before the rebuild, %s", s).isGreaterThanOrEqualTo(8_000);
            assertThat(s.minVersion()).as("one version at a time, %s", s).isEqualTo(s.maxVersion());
        });
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).events()).as("never back in time").isGreaterThanOrEqualTo(seen.get(i - 1).events());
        }
        assertThat(v2.awaitCheckpoint(store.head(), WAIT)).isTrue();
        return seen;
    }

    private void query(AtomicBoolean running, List<Seen> seen, List<Throwable> errors) {
        try (Connection c = readModel.openReader(); Statement st = c.createStatement()) {
            while (running.get()) {
                try (ResultSet rs = st.executeQuery(
                        "SELECT count(*), sum(events), min(built_by), max(built_by) FROM stream_counts")) {
                    rs.next();
                    seen.add(new Seen(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4)));
                }
                sleep(1);
            }
        } catch (Throwable e) {
            errors.add(e);
        }
    }

    private List<String> tables() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = readModel.openReader(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(tableNamesQuery())) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
