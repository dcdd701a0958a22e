package dev.vellum.projection.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.ProjectionRebuildException;
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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilds a SQL read model under a steady stream of queries and appends, and checks every query
 * saw a whole read model of one version: never empty, never half built, never going back in time,
 * and never an error while the versions switch and the old tables are dropped. Rebuilds by a new
 * version, and by an operator's {@link RunningProjection#rebuild()} of the serving version (its next
 * generation), which also survives restarts in its middle and after its take-over, or is cancelled
 * (its tables dropped under the queries, the serving generation untouched). A store's test
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
    /** When set, the handler of a rebuilt generation waits here before each event. */
    private volatile CountDownLatch holdRebuild;

    /** One query's view: how many streams, how many events in all, which versions (or generations) built the rows. */
    record Seen(long streams, long events, int minVersion, int maxVersion) {
    }

    /** Starts a rebuild beside {@code serving}; returns the projection that will serve once it took over. */
    @FunctionalInterface
    private interface Rebuild {
        RunningProjection start(RunningProjection serving) throws Exception;
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
        return counts(version, keep, false);
    }

    /** With {@code byGeneration}, {@code built_by} is the generation that built a row, not the version. */
    private Projection<SqlContext> counts(int version, boolean keep, boolean byGeneration) {
        Projection.Builder<SqlContext> b = Projection.builder("counts", SqlContext.class).version(version)
                .setup(sql -> sql.createTable("stream_counts", countsColumns()))
                .handler((sql, e) -> {
                    CountDownLatch hold = holdRebuild;
                    if (hold != null && sql.projection().generation() > 1) {
                        hold.await();
                    }
                    sql.update(countUpsert(), e.stream().value(),
                            byGeneration ? sql.projection().generation() : sql.projection().version());
                });
        return (keep ? b.keepPreviousVersion() : b).build();
    }

    @Test
    void queriesNeverSeeAnEmptyOrHalfBuiltReadModelAndTheOldTablesAreDropped() throws Exception {
        List<Seen> seen = rebuildUnderLoad(counts(1, false), ProjectionId.of("counts", 2),
                v1 -> runner.start(counts(2, false), readModel));
        assertThat(tables()).contains("stream_counts_v2").doesNotContain("stream_counts_v1");
        assertThat(seen).extracting(Seen::maxVersion).contains(1, 2);
    }

    @Test
    void theOldTablesCanBeKept() throws Exception {
        rebuildUnderLoad(counts(1, true), ProjectionId.of("counts", 2), v1 -> runner.start(counts(2, true), readModel));
        assertThat(tables()).contains("stream_counts_v1", "stream_counts_v2");
    }

    @Test
    void anOperatorsRebuildBuildsTheNextGenerationUnderQueriesAndDropsTheOldTables() throws Exception {
        ProjectionId second = new ProjectionId("counts", 1, 2);
        List<Seen> seen = rebuildUnderLoad(counts(1, false, true), second, serving -> {
            rebuildOnceCaughtUp(serving);
            assertThat(serving.rebuilding()).map(RunningProjection::id).contains(second);
            return serving;
        });
        assertThat(tables()).contains("stream_counts_v1_g2").doesNotContain("stream_counts_v1");
        assertThat(seen).extracting(Seen::maxVersion).as("generations seen").contains(1, 2);
        assertThat(countsByStream()).as("equals a build from scratch").isEqualTo(streamLengths());
    }

    @Test
    void anOperatorsRebuildSurvivesRestartsInItsMiddleAndAfterItsTakeOver() throws Exception {
        RunningProjection serving = runner.start(counts(1, false, true), readModel);
        assertThat(serving.awaitCheckpoint(store.head(), WAIT)).isTrue();
        CountDownLatch hold = new CountDownLatch(1);
        holdRebuild = hold;
        rebuildOnceCaughtUp(serving);
        assertThatThrownBy(serving::rebuild).as("one rebuild at a time").isInstanceOf(ProjectionRebuildException.class)
                .hasMessageContaining("already runs");
        ProjectionId second = new ProjectionId("counts", 1, 2);
        assertThat(readModel.checkpoints(second.withGeneration(3))).as("nothing changed").isEmpty();

        Thread closing = Thread.ofPlatform().start(runner::close); // the process goes down mid-rebuild
        Thread.sleep(50);
        hold.countDown(); // the batch being applied finishes, then the rebuild stops
        closing.join();
        holdRebuild = null;
        assertThat(readModel.active("counts")).contains(ProjectionId.of("counts", 1));
        assertThat(readModel.checkpoints(second).orElseThrow().low().value()).isLessThan(store.head().value());

        restart();
        RunningProjection again = runner.start(counts(1, false, true), readModel);
        assertThat(again.rebuilding()).as("resumed on start").isPresent();
        awaitActive(second);
        assertThat(again.awaitCheckpoint(store.head(), WAIT)).isTrue();
        assertThat(countsByStream()).isEqualTo(streamLengths());
        assertThat(tables()).contains("stream_counts_v1_g2").doesNotContain("stream_counts_v1");

        restart();
        RunningProjection third = runner.start(counts(1, false, true), readModel);
        assertThat(third.id()).as("the new generation serves after a restart").isEqualTo(second);
        assertThat(third.rebuilding()).isEmpty();
        store.append(StreamId.of("s-0"), ExpectedRevision.any(), EventData.of("Counted", "{}"));
        assertThat(third.awaitCheckpoint(store.head(), WAIT)).isTrue();
        assertThat(countsByStream()).isEqualTo(streamLengths());
    }

    @Test
    void anOperatorCancelsARebuildUnderQueriesItsTablesAreDroppedAndTheServingGenerationAnswersThroughout()
            throws Exception {
        RunningProjection serving = runner.start(counts(1, false, true), readModel);
        assertThat(serving.awaitCheckpoint(store.head(), WAIT)).isTrue();
        CountDownLatch hold = new CountDownLatch(1);
        holdRebuild = hold;
        rebuildOnceCaughtUp(serving);
        ProjectionId second = new ProjectionId("counts", 1, 2);
        assertThat(tables()).contains("stream_counts_v1_g2");

        Load load = new Load();
        Thread.sleep(100);
        Thread release = Thread.ofPlatform().start(() -> {
            sleep(200); // the cancel waits for the batch being applied, held here until then
            hold.countDown();
        });
        serving.cancelRebuild();
        release.join();
        assertThat(serving.rebuilding()).isEmpty();
        assertThat(readModel.checkpoints(second)).as("its checkpoints are dropped").isEmpty();
        assertThat(tables()).as("its tables are dropped").doesNotContain("stream_counts_v1_g2").contains("stream_counts_v1");
        Thread.sleep(200); // and queries go on answering after the drop
        assertThat(load.stop()).extracting(Seen::maxVersion).as("only generation 1 served").containsOnly(1);
        assertThat(readModel.active("counts")).contains(ProjectionId.of("counts", 1));
        assertThat(serving.awaitCheckpoint(store.head(), WAIT)).isTrue();
        assertThat(countsByStream()).as("the serving generation followed the log").isEqualTo(streamLengths());

        restart();
        RunningProjection again = runner.start(counts(1, false, true), readModel);
        assertThat(again.rebuilding()).as("a restart does not bring it back").isEmpty();
        assertThat(again.id()).isEqualTo(ProjectionId.of("counts", 1));
        assertThat(tables()).doesNotContain("stream_counts_v1_g2");
    }

    private void restart() throws Exception {
        runner.close();
        closeReadModel(readModel);
        readModel = openReadModel(directory);
        runner = ProjectionRunner.builder(store).batchSize(25).build();
    }

    /**
     * Starts an operator's rebuild as soon as {@code projection} is caught up. Under steady appends its
     * state goes between LIVE and CATCHING_UP, and a rebuild asked for while it catches up is refused,
     * as designed; so this asks again until one is accepted, within the wait.
     */
    private void rebuildOnceCaughtUp(RunningProjection projection) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                projection.rebuild();
                return;
            } catch (ProjectionRebuildException refused) {
                if (System.nanoTime() > deadline || !refused.getMessage().contains("caught up")) {
                    throw refused;
                }
                Thread.sleep(10);
            }
        }
    }

    private void awaitActive(ProjectionId expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!readModel.active("counts").equals(Optional.of(expected)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(readModel.active("counts")).contains(expected);
    }

    /** Starts {@code first}, then under queries and appends lets {@code rebuild} start a rebuild that makes {@code successor} serve. */
    private List<Seen> rebuildUnderLoad(Projection<SqlContext> first, ProjectionId successor,
            Rebuild rebuild) throws Exception {
        RunningProjection v1 = runner.start(first, readModel);
        assertThat(v1.awaitCheckpoint(store.head(), WAIT)).isTrue();

        Load load = new Load();
        RunningProjection v2 = rebuild.start(v1);
        awaitActive(successor);
        Thread.sleep(300); // keep querying a while after the switch
        List<Seen> seen = load.stop();
        assertThat(readModel.active("counts")).as("%s", v2.status()).contains(successor);
        assertThat(v2.awaitCheckpoint(store.head(), WAIT)).isTrue();
        return seen;
    }

    /**
     * Queries and appends on two threads until {@link #stop()}, which checks that every query saw a whole
     * read model of one version (or generation), never less than before, never going back in time.
     */
    private final class Load {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Seen> seen = new CopyOnWriteArrayList<>();
        private final List<Throwable> errors = new CopyOnWriteArrayList<>();
        private final Thread reader = Thread.ofPlatform().start(() -> query(running, seen, errors));
        private final Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; running.get(); i++) {
                store.append(StreamId.of("s-" + i % STREAMS), ExpectedRevision.any(), EventData.of("Counted", "{}"));
                sleep(2);
            }
        });

        List<Seen> stop() throws InterruptedException {
            running.set(false);
            reader.join();
            writer.join();
            assertThat(errors).isEmpty();
            assertThat(seen).hasSizeGreaterThan(20).allSatisfy(s -> {
                assertThat(s.streams()).as("whole: every stream, %s", s).isEqualTo(STREAMS);
                assertThat(s.events()).as("never less than before the rebuild, %s", s).isGreaterThanOrEqualTo(8_000);
                assertThat(s.minVersion()).as("one version at a time, %s", s).isEqualTo(s.maxVersion());
            });
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).events()).as("never back in time").isGreaterThanOrEqualTo(seen.get(i - 1).events());
            }
            return seen;
        }
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

    /** The read model's rows, as stream and count, as a query sees them. */
    private Map<String, Long> countsByStream() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = readModel.openReader(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT stream, events FROM stream_counts")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    /** What a build from scratch holds: each stream's length. */
    private Map<String, Long> streamLengths() {
        Map<String, Long> lengths = new TreeMap<>();
        for (int i = 0; i < STREAMS; i++) {
            lengths.put("s-" + i, (long) store.readStream(StreamId.of("s-" + i)).size());
        }
        return lengths;
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
