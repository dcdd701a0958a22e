package dev.vellum.timer.sql;

import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.sql.internal.SqlUnitOfWork;
import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerState;
import dev.vellum.timer.TimerStore;
import dev.vellum.timer.TimerStoreException;
import dev.vellum.timer.TimerWriter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps timers in a table of a SQL read-model database (for example {@code SqliteReadModel}), so
 * they survive restarts as durably as that database commits. Instants are kept to the millisecond.
 * Plain SQL with {@code ON CONFLICT}, as SQLite and PostgreSQL both speak it; on PostgreSQL
 * ({@code PostgresReadModel}) it passes the same durable conformance suite as on SQLite.
 *
 * <pre>{@code
 * TimerStore timers = new SqlTimerStore(SqliteReadModel.open(dir.resolve("read.db")));
 * }</pre>
 *
 * <p>{@link #pending} and {@link #find}, what an operator's screen asks for, read through the
 * database's {@link SqlReadModel#readers() readers}: they answer while a projection's batch holds
 * the writer, however long its handler takes.
 *
 * <p>Table {@code vellum_timers} (created when missing): id, process, due, payload, state,
 * attempts, next attempt, last error, when it ended, and its deadline. A table written by a Vellum
 * from before deadlines gets the {@code deadline} column when the store opens (an
 * {@code ALTER TABLE} that adds a column that is empty for the timers already there: they have no deadline).
 */
public final class SqlTimerStore implements TimerStore, TimerWriter<SqlContext> {

    private static final ProjectionId OWNER = ProjectionId.of("vellum.timers", 1);
    private static final String COLUMNS = "id, process, due, payload, state, attempts, next_attempt, last_error, ended_at,"
            + " deadline";
    private static final String PENDING = "'" + TimerState.PENDING.name() + "'";
    private static final String HELD = "'" + TimerState.HELD.name() + "'";
    private static final int CREATE_ATTEMPTS = 3;

    private final SqlUnitOfWork sql;

    /** Uses {@code database}, creating the timer table when missing. */
    public SqlTimerStore(SqlReadModel database) {
        this.sql = new SqlUnitOfWork(Objects.requireNonNull(database, "database"), OWNER,
                (what, e) -> new TimerStoreException("Could not " + what + " in the timer table: " + e.getMessage(), e));
        createTable();
    }

    /**
     * Creates the table and its index when missing, in one unit of work, then adds the deadline
     * column to a table from before deadlines, in another. Several nodes starting at once may all
     * run it: on PostgreSQL concurrent {@code CREATE TABLE IF NOT EXISTS} can collide in the catalog
     * (a unique violation on {@code pg_type}) once the winner commits, after which the table is
     * there, and two nodes may both find the column missing, one of them then failing to add it; so
     * a failed attempt is tried again (finding the table and column there), and only the last
     * failure is thrown. The column is looked for in a transaction of its own, which holds no lock
     * on the table while another node alters it.
     */
    private void createTable() {
        for (int attempt = 1; ; attempt++) {
            try {
                sql.run("create the table", c -> {
                    try (Statement st = c.connection().createStatement()) {
                        st.execute("CREATE TABLE IF NOT EXISTS vellum_timers (id TEXT PRIMARY KEY, process TEXT NOT NULL,"
                                + " due BIGINT NOT NULL, payload TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL,"
                                + " next_attempt BIGINT NOT NULL, last_error TEXT, ended_at BIGINT, deadline BIGINT)");
                        st.execute("CREATE INDEX IF NOT EXISTS vellum_timers_next ON vellum_timers (process, state, next_attempt)");
                    }
                    return null;
                });
                if (!sql.run("look for the deadline column", SqlTimerStore::hasDeadline)) {
                    sql.run("add the deadline column", c -> {
                        try (Statement st = c.connection().createStatement()) {
                            st.execute("ALTER TABLE vellum_timers ADD COLUMN deadline BIGINT");
                        }
                        return null;
                    });
                }
                return;
            } catch (TimerStoreException e) {
                if (attempt == CREATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Whether the table has the deadline column: a table from before deadlines has not. */
    private static boolean hasDeadline(SqlContext c) throws SQLException {
        try (Statement st = c.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM vellum_timers WHERE 1 = 0")) {
            ResultSetMetaData columns = rs.getMetaData();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                if (columns.getColumnName(i).equalsIgnoreCase("deadline")) {
                    return true;
                }
            }
            return false;
        }
    }

    @Override
    public boolean schedule(Timer timer) {
        return sql.run(insertion(timer, false), c -> insert(c, timer, false));
    }

    @Override
    public boolean schedule(SqlContext context, Timer timer) {
        return sql.runIn(context, insertion(timer, false), c -> insert(c, timer, false));
    }

    @Override
    public boolean hold(Timer timer) {
        return sql.run(insertion(timer, true), c -> insert(c, timer, true));
    }

    @Override
    public boolean hold(SqlContext context, Timer timer) {
        return sql.runIn(context, insertion(timer, true), c -> insert(c, timer, true));
    }

    /** What scheduling ({@code held} false) or holding {@code timer} is called in its errors; refuses a null timer. */
    private static String insertion(Timer timer, boolean held) {
        Objects.requireNonNull(timer, "timer");
        return (held ? "hold" : "schedule") + " timer '" + timer.id() + "'";
    }

    /** Inserts a pending (moving one that is pending) or a held timer (never touching one that exists). */
    private static boolean insert(SqlContext c, Timer timer, boolean held) throws SQLException {
        PreparedStatement ps = c.prepare("INSERT INTO vellum_timers (" + COLUMNS + ") VALUES (?, ?, ?, ?, "
                + (held ? HELD : PENDING) + ", 0, ?, NULL, NULL, ?) ON CONFLICT (id) " + (held ? "DO NOTHING"
                : "DO UPDATE SET process = excluded.process, due = excluded.due, payload = excluded.payload, attempts = 0,"
                + " next_attempt = excluded.next_attempt, last_error = NULL, deadline = excluded.deadline"
                + " WHERE vellum_timers.state = " + PENDING));
        ps.setString(1, timer.id());
        ps.setString(2, timer.process());
        ps.setLong(3, timer.due().toEpochMilli());
        ps.setString(4, timer.payload());
        ps.setLong(5, timer.due().toEpochMilli());
        if (timer.deadline() == null) {
            ps.setNull(6, Types.BIGINT);
        } else {
            ps.setLong(6, timer.deadline().toEpochMilli());
        }
        return ps.executeUpdate() == 1;
    }

    @Override
    public boolean release(String timerId) {
        return sql.run("release timer '" + timerId + "'", c -> {
            PreparedStatement ps = c.prepare("UPDATE vellum_timers SET state = " + PENDING + ", next_attempt = due"
                    + " WHERE id = ? AND state = " + HELD);
            ps.setString(1, timerId);
            return ps.executeUpdate() == 1;
        });
    }

    @Override
    public boolean cancel(String timerId, Instant now) {
        return sql.run("cancel timer '" + timerId + "'", c -> {
            PreparedStatement ps = c.prepare("UPDATE vellum_timers SET state = ?, ended_at = ? WHERE id = ? AND state IN ("
                    + PENDING + ", " + HELD + ")");
            ps.setString(1, TimerState.CANCELLED.name());
            ps.setLong(2, now.toEpochMilli());
            ps.setString(3, timerId);
            return ps.executeUpdate() == 1;
        });
    }

    @Override
    public boolean markFired(String timerId, Instant firedAt) {
        return end(timerId, TimerState.FIRED, firedAt, null);
    }

    @Override
    public boolean markGivenUp(String timerId, String error, Instant at) {
        return end(timerId, TimerState.FAILED, at, error);
    }

    @Override
    public boolean markExpired(String timerId, Instant at) {
        return end(timerId, TimerState.EXPIRED, at, null);
    }

    private boolean end(String timerId, TimerState state, Instant at, String error) {
        return sql.run("mark timer '" + timerId + "' " + state, c -> {
            PreparedStatement ps = c.prepare("UPDATE vellum_timers SET state = ?, ended_at = ?,"
                    + " last_error = coalesce(?, last_error) WHERE id = ? AND state = " + PENDING);
            ps.setString(1, state.name());
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, error);
            ps.setString(4, timerId);
            return ps.executeUpdate() == 1;
        });
    }

    @Override
    public boolean markFailed(String timerId, String error, Instant nextAttempt) {
        return sql.run("record a failure of timer '" + timerId + "'", c -> {
            PreparedStatement ps = c.prepare("UPDATE vellum_timers SET attempts = attempts + 1, last_error = ?,"
                    + " next_attempt = ? WHERE id = ? AND state = " + PENDING);
            ps.setString(1, error);
            ps.setLong(2, nextAttempt.toEpochMilli());
            ps.setString(3, timerId);
            return ps.executeUpdate() == 1;
        });
    }

    @Override
    public Optional<StoredTimer> find(String timerId) {
        return sql.read("read timer '" + timerId + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM vellum_timers WHERE id = ?")) {
                ps.setString(1, timerId);
                List<StoredTimer> found = read(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
            }
        });
    }

    @Override
    public List<StoredTimer> due(String process, Instant now, int limit) {
        return sql.run("read the due timers of '" + process + "'", c -> {
            PreparedStatement ps = c.prepare("SELECT " + COLUMNS + " FROM vellum_timers WHERE process = ? AND state = "
                    + PENDING + " AND next_attempt <= ? ORDER BY next_attempt, id LIMIT ?");
            ps.setString(1, process);
            ps.setLong(2, now.toEpochMilli());
            ps.setInt(3, limit);
            return read(ps);
        });
    }

    @Override
    public Optional<Instant> nextAttempt(String process) {
        return sql.run("read the next timer of '" + process + "'", c -> {
            PreparedStatement ps = c.prepare("SELECT min(next_attempt) FROM vellum_timers WHERE process = ? AND state = " + PENDING);
            ps.setString(1, process);
            try (ResultSet rs = ps.executeQuery()) {
                long next = rs.next() ? rs.getLong(1) : 0;
                return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(next));
            }
        });
    }

    @Override
    public List<StoredTimer> pending(String process) {
        return sql.read("read the pending timers of '" + process + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM vellum_timers WHERE process = ?"
                    + " AND state IN (" + PENDING + ", " + HELD + ") ORDER BY next_attempt, id")) {
                ps.setString(1, process);
                return read(ps);
            }
        });
    }

    private static List<StoredTimer> read(PreparedStatement ps) throws SQLException {
        List<StoredTimer> timers = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Instant deadline = instantOrNull(rs, 10);
                Timer timer = new Timer(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4),
                        deadline);
                Instant endedAt = instantOrNull(rs, 9);
                timers.add(new StoredTimer(timer, TimerState.valueOf(rs.getString(5)), rs.getInt(6),
                        Instant.ofEpochMilli(rs.getLong(7)), rs.getString(8), endedAt));
            }
        }
        return timers;
    }

    private static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
