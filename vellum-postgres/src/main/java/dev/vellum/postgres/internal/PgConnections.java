package dev.vellum.postgres.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.LoggerFactory;

/**
 * The connections the store borrows from its data source, for everything it does but opening:
 * <ul>
 *   <li><b>Bounded by a network timeout.</b> Each connection waits at most the store's network
 *       timeout for the server's answer to anything it sent, then fails as a lost connection (SQL state
 *       {@code 08006}), which is transient. Without it, a network that goes silent (a split, a host that
 *       vanished without a reset) leaves a call waiting for ever: PgJDBC's {@code socketTimeout} is
 *       unlimited unless set. The connection gets its own timeout back when it is closed.</li>
 *   <li><b>Never one the server already ended.</b> A pooled connection whose session the server
 *       ended while it sat in the pool ({@code pg_terminate_backend}, a restart) holds the server's
 *       farewell (a {@code FATAL} error, the end of the stream) in its receive buffer. Before it is
 *       handed out, whatever the server sent unasked is read, without a round trip (but PgJDBC's look
 *       blocks for a millisecond or more when there is nothing); a connection found ended that way is
 *       discarded and another one taken. Nothing was sent on it, so this is safe for writes; without it,
 *       the next statement on it failed although the database was fine. Reads and the writer's batches
 *       take their connections {@linkplain #unchecked() unchecked} and are run again instead; the
 *       listener, the notifications, snapshots and the locked-stream path keep the look.</li>
 * </ul>
 */
public final class PgConnections implements DataSource {

    /** Ended connections discarded in a row before the next one is handed out as it is. */
    private static final int MOST_DISCARDED = 32;
    private static final Executor DIRECT = Runnable::run;
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(PgConnections.class);

    private final DataSource dataSource;
    private final int timeoutMillis;
    private final boolean checked;

    /** Connections of {@code dataSource}, each waiting at most {@code networkTimeout} for an answer. */
    public PgConnections(DataSource dataSource, Duration networkTimeout) {
        this(dataSource, Math.toIntExact(networkTimeout.toMillis()), true);
    }

    private PgConnections(DataSource dataSource, int timeoutMillis, boolean checked) {
        this.dataSource = dataSource;
        this.timeoutMillis = timeoutMillis;
        this.checked = checked;
    }

    /**
     * The same connections, bounded by the same timeout, but handed out without the check that the
     * server has not ended them: for {@link PgReads} and {@link PgWriter}'s batches, which run a read
     * or a batch of appends again on another connection when the server had ended the one they got.
     * PgJDBC (42.7) has no way to look at the receive buffer without a read that blocks for a
     * millisecond or more, so the check costs every borrow that much (a 10,000-event load borrows ten
     * times, every group commit once).
     */
    public PgConnections unchecked() {
        return new PgConnections(dataSource, timeoutMillis, false);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return borrow(dataSource::getConnection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return borrow(() -> dataSource.getConnection(username, password));
    }

    /** How a connection is taken from the data source. */
    @FunctionalInterface
    private interface Source {
        Connection get() throws SQLException;
    }

    private Connection borrow(Source source) throws SQLException {
        for (int discarded = 0; ; discarded++) {
            Connection c = source.get();
            if (checked && discarded < MOST_DISCARDED && endedByServer(c)) {
                discard(c);
                continue;
            }
            try {
                return bounded(c);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
    }

    /**
     * True when the server ended {@code c}'s session before it was handed out: reading what the server
     * sent unasked (PgJDBC's notification check: no round trip, nothing sent) meets its error or the end
     * of the stream.
     */
    private static boolean endedByServer(Connection c) {
        try {
            if (!c.isWrapperFor(PGConnection.class)) {
                return false;
            }
            c.unwrap(PGConnection.class).getNotifications(); // raises what the server left in the buffer
            return false;
        } catch (SQLException e) {
            LOG.debug("A pooled connection was ended by the server before use; taking another: {}", e.getMessage());
            return true;
        }
    }

    /** Lets the pool drop {@code c}: HikariCP evicts it; another pool gets it back with its session closed. */
    private void discard(Connection c) throws SQLException {
        if (dataSource instanceof HikariDataSource hikari) {
            hikari.evictConnection(c);
            return;
        }
        try {
            ((Connection) c.unwrap(PGConnection.class)).close(); // the physical connection, so the pool finds it closed
        } finally {
            c.close();
        }
    }

    /** {@code c} with the network timeout, which it gets back (the one it had) when closed. */
    private Connection bounded(Connection c) throws SQLException {
        int previous = c.getNetworkTimeout();
        c.setNetworkTimeout(DIRECT, timeoutMillis);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0 && !c.isClosed()) {
                        try {
                            c.setNetworkTimeout(DIRECT, previous);
                        } catch (SQLException e) {
                            // a broken connection: the pool discards it
                        }
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return dataSource.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        dataSource.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        dataSource.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return dataSource.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return dataSource.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : dataSource.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || dataSource.isWrapperFor(type);
    }
}
