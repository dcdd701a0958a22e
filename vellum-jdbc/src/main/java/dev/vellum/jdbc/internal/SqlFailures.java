package dev.vellum.jdbc.internal;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * The one place that reads drivers' errors for what they say about the database's reach, so the
 * write path and the read path of every JDBC store classify them alike.
 *
 * <p>{@linkplain #isTransient Transient}: the database could not be reached or the connection was
 * lost, and waiting can cure it. That is SQL state class {@code 08} (connection exception: refused,
 * lost, broken while sending or receiving), {@code 57P01} admin shutdown (also what
 * {@code pg_terminate_backend} sends), {@code 57P02} crash shutdown, {@code 57P03} cannot connect
 * now (starting up or in recovery), {@code 53300} too many connections, a pool that had no
 * connection in time ({@link SQLTransientConnectionException}, as HikariCP raises), and SQLite's
 * {@code SQLITE_BUSY} (another process holds the file's lock past the busy timeout).
 *
 * <p>{@linkplain #isRefusedByServer Refused by the server}: the server answered a statement with an
 * error of its own (a constraint, a timeout, a full disk, ...), which rolls back the statement's
 * transaction. A write whose committing statement was refused is known not to be stored; one whose
 * committing statement failed transiently may have committed before the connection broke.
 */
public final class SqlFailures {

    /** Server states that mean "not reachable now": shutdowns, start-up, recovery, no connection slot. */
    private static final Set<String> UNAVAILABLE = Set.of("57P01", "57P02", "57P03", "53300");
    private static final int SQLITE_BUSY = 5;
    private static final int MAX_DEPTH = 32; // causes and chained exceptions can form cycles

    private SqlFailures() {
    }

    /** True when {@code error}, or an SQL exception among its causes and chained exceptions, is transient. */
    public static boolean isTransient(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof SQLException s && isTransientItself(s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the server itself answered with an error that is not {@linkplain #isTransient
     * transient}: the exception carries an SQL state (a driver's error without one, such as an I/O
     * failure, says nothing about what the server did).
     */
    public static boolean isRefusedByServer(SQLException error) {
        return error.getSQLState() != null && !isTransient(error);
    }

    private static boolean isTransientItself(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            String state = s.getSQLState();
            if (s instanceof SQLTransientConnectionException
                    || state != null && (state.startsWith("08") || UNAVAILABLE.contains(state))
                    || state == null && s.getErrorCode() == SQLITE_BUSY
                            && s.getClass().getName().startsWith("org.sqlite.")) {
                return true;
            }
            if (s.getNextException() == s) {
                break;
            }
        }
        return false;
    }
}
