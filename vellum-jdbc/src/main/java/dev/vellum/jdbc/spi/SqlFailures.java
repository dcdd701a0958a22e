package dev.vellum.jdbc.spi;

import dev.vellum.store.StoreFullException;
import dev.vellum.store.StoreUnavailableException;
import dev.vellum.time.TransientFailure;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Tells the driver errors that waiting can cure from the others, for the read path (log reads,
 * subscriptions, checkpoint and read-model transactions): the connection lost or refused (SQL state
 * class {@code 08}), the server shutting down, crashed or starting ({@code 57P01}, {@code 57P02},
 * {@code 57P03}), too many connections ({@code 53300}), a pool that had no connection in time
 * (HikariCP's {@link SQLTransientConnectionException}), SQLite's {@code SQLITE_BUSY} and
 * {@code SQLITE_FULL} (a full disk: freeing space cures it). Such errors are handed on as a
 * {@link StoreUnavailableException}, which workers retry for as long as it lasts.
 *
 * <p>The write path also asks whether the server {@linkplain #isRefusedByServer refused} a
 * statement: a committing statement the server answered with an error of its own stored nothing,
 * while one cut off transiently may have committed before the connection broke.
 */
public final class SqlFailures {

    private SqlFailures() {
    }

    /** True when {@code e}, or an exception chained to it, is one that waiting can cure. */
    public static boolean isTransient(SQLException e) {
        return inChain(e, t -> t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException
                || t instanceof SQLException sql && transientState(sql));
    }

    /**
     * True when {@code e}, or an exception chained to it, is the server's farewell: it ended the
     * session ({@code 57P01}: an administrator's {@code pg_terminate_backend} or a shutdown;
     * {@code 57P02}: a crash of another server process). What the session had not committed by then
     * is rolled back; what it had, stays.
     */
    public static boolean isEndedByServer(SQLException e) {
        return inChain(e, t -> t instanceof SQLException sql
                && ("57P01".equals(sql.getSQLState()) || "57P02".equals(sql.getSQLState())));
    }

    /**
     * True when {@code error} is marked {@link TransientFailure}, or one of its causes is a driver
     * error that waiting can cure: what a SQL checkpoint store answers to
     * {@code CheckpointStore.isTransient}, since handlers write with the driver directly.
     */
    public static boolean isTransientCause(Throwable error) {
        if (TransientFailure.isIn(error)) {
            return true;
        }
        int depth = 0;
        for (Throwable t = error; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof SQLException sql && isTransient(sql)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code error}, or one of its causes, is SQLite's {@code SQLITE_FULL}: the disk (or the
     * file's size limit) is full. SQLite rolled the statement back, and a {@code COMMIT} that meets it
     * wrote no commit record, so nothing of the transaction is stored.
     */
    public static boolean isFull(Throwable error) {
        return inChain(error, t -> t instanceof SQLException && t.getMessage() != null
                && t.getMessage().contains("SQLITE_FULL"));
    }

    /**
     * {@code e} as a {@link StoreUnavailableException} when waiting can cure it, else as what
     * {@code otherwise} makes of it.
     *
     * @param message what failed, and what to do
     */
    public static RuntimeException translate(String message, SQLException e,
            BiFunction<String, SQLException, RuntimeException> otherwise) {
        return isTransient(e) ? unavailable(message, e) : otherwise.apply(message, e);
    }

    /** Wraps {@code e}, which waiting can cure, into a {@link StoreUnavailableException}. */
    public static StoreUnavailableException unavailable(String message, SQLException e) {
        return isFull(e) ? new StoreFullException(message, e) : new StoreUnavailableException(message, e);
    }

    /**
     * True when the server itself answered with an error that is not {@linkplain #isTransient
     * transient} (a constraint, a timeout, a full disk, ...), which rolls back the statement's
     * transaction: the exception carries an SQL state. A driver's error without one, such as an I/O
     * failure, says nothing about what the server did.
     */
    public static boolean isRefusedByServer(SQLException e) {
        return e.getSQLState() != null && !isTransient(e);
    }

    private static boolean transientState(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"))) {
            return true;
        }
        String message = e.getMessage();
        return message != null && (message.contains("SQLITE_BUSY") || message.contains("SQLITE_FULL"));
    }

    /** True when {@code test} holds for {@code error} or one of the first exceptions chained to it. */
    private static boolean inChain(Throwable error, Predicate<Throwable> test) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 32; t = next(t), depth++) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SQLException sql && sql.getNextException() != null) {
            return sql.getNextException();
        }
        return t.getCause();
    }
}
