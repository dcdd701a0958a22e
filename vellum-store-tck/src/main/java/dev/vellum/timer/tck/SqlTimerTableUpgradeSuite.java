package dev.vellum.timer.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerState;
import dev.vellum.timer.sql.SqlTimerStore;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link SqlTimerStore} opened on a database whose timer table a Vellum from before deadlines
 * wrote upgrades it in place: the timers already there are kept, without deadline, and new ones
 * keep theirs, also after the next open. A SQL read-model database's test extends it and says how
 * to open the database kept in a directory.
 */
public abstract class SqlTimerTableUpgradeSuite {

    /** The timer table and its index as Vellum created them before timers had deadlines. */
    private static final String[] OLD_SCHEMA = {
        "CREATE TABLE vellum_timers (id TEXT PRIMARY KEY, process TEXT NOT NULL, due BIGINT NOT NULL,"
                + " payload TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt BIGINT NOT NULL,"
                + " last_error TEXT, ended_at BIGINT)",
        "CREATE INDEX vellum_timers_next ON vellum_timers (process, state, next_attempt)",
        "INSERT INTO vellum_timers VALUES ('old-pending', 'devices', 1000, '{\"i\":1}', 'PENDING', 2, 5000, 'down', NULL)",
        "INSERT INTO vellum_timers VALUES ('old-fired', 'devices', 1000, '', 'FIRED', 0, 1000, NULL, 2000)"};

    private static final Instant DUE = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path directory;

    /** For subclasses. */
    protected SqlTimerTableUpgradeSuite() {
    }

    /** Opens the read-model database kept in {@code directory}; opening it again opens the same data. */
    protected abstract SqlReadModel openDatabase(Path directory);

    /** Closes a database {@link #openDatabase} opened. */
    protected abstract void close(SqlReadModel database) throws Exception;

    /** Writes the timer table as a Vellum from before deadlines did, with two timers in it: a pending and a fired one. */
    protected static void writeOldTimerTable(SqlReadModel database) throws Exception {
        try (CheckpointStore.Transaction<SqlContext> tx = database.begin(ProjectionId.of("an-older-vellum", 1));
                Statement st = tx.context().connection().createStatement()) {
            for (String sql : OLD_SCHEMA) {
                st.execute(sql);
            }
            tx.commit();
        }
    }

    @Test
    void anOldTimerTableGetsDeadlinesAndKeepsItsTimers() throws Exception {
        SqlReadModel database = openDatabase(directory);
        writeOldTimerTable(database);
        close(database);

        database = openDatabase(directory);
        SqlTimerStore timers = new SqlTimerStore(database);
        StoredTimer old = timers.find("old-pending").orElseThrow();
        assertThat(old).isEqualTo(new StoredTimer(new Timer("old-pending", "devices", Instant.ofEpochMilli(1000), "{\"i\":1}"),
                TimerState.PENDING, 2, Instant.ofEpochMilli(5000), "down", null));
        assertThat(timers.find("old-fired").orElseThrow().state()).isEqualTo(TimerState.FIRED);
        Timer withDeadline = Timer.of("new", "devices", DUE).withDeadline(DUE.plusSeconds(300));
        assertThat(timers.schedule(withDeadline)).isTrue();
        assertThat(timers.due("devices", DUE, 10)).extracting(StoredTimer::id).containsExactly("old-pending", "new");
        close(database);

        database = openDatabase(directory);
        timers = new SqlTimerStore(database);
        assertThat(timers.find("new").orElseThrow().timer()).isEqualTo(withDeadline);
        assertThat(timers.markExpired("new", DUE.plusSeconds(301))).isTrue();
        assertThat(timers.find("new").orElseThrow().state()).isEqualTo(TimerState.EXPIRED);
        assertThat(timers.pending("devices")).extracting(StoredTimer::id).containsExactly("old-pending");
        close(database);
    }
}
