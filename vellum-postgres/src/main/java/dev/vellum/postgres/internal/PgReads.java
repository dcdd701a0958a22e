package dev.vellum.postgres.internal;

import dev.vellum.jdbc.spi.SqlFailures;
import dev.vellum.jdbc.spi.Statements;
import dev.vellum.store.VellumException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Runs reads on a connection borrowed from the pool for the call. The driver keeps server-side
 * prepared statements per connection, keyed by SQL text, so preparing the same query again is cheap.
 */
public final class PgReads {

    /** A read on one connection. */
    @FunctionalInterface
    public interface Read<T> {
        T run(Statements statements) throws SQLException;
    }

    /** How many times a read meets a connection the server ended before it gives up. */
    static final int MOST_ENDED = 32;

    private final String name;
    private final DataSource dataSource;

    public PgReads(String name, DataSource dataSource) {
        this.name = name;
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code read} on a borrowed connection. A read whose connection turns out lost is run again
     * on another one: a read changes nothing, so running it again is safe whether or not it reached
     * the server.
     * <ul>
     *   <li>When the server had ended the session (its farewell or the end of the stream came back at
     *       once), the read is run again up to {@value #MOST_ENDED} times: after a restart or a
     *       {@code pg_terminate_backend}, several pooled connections in a row may be ended ones. The
     *       connections are handed out unchecked ({@link PgConnections#unchecked()}), so this is where
     *       an ended one is passed over.</li>
     *   <li>When the answer did not come in the network timeout, once more only: another wait that
     *       long would double what the caller waits for a database that does not answer.</li>
     *   <li>A read that got no connection at all is not run again: the pool already waited its time.</li>
     * </ul>
     */
    public <T> T read(Read<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(read);
            } catch (SQLException e) {
                if (!SqlFailures.isTransient(e) || e instanceof SQLTransientConnectionException
                        || attempt >= (timedOut(e) ? 2 : MOST_ENDED)) {
                    throw SqlFailures.translate("Reading the PostgreSQL event store " + name + " failed: "
                            + e.getMessage() + ". Check that the database is reachable.", e, VellumException::new);
                }
            }
        }
    }

    /** True when {@code e} was the network timeout running out, not the server ending the session. */
    private static boolean timedOut(SQLException e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private <T> T once(Read<T> read) throws SQLException {
        List<PreparedStatement> prepared = new ArrayList<>(2);
        try (Connection c = dataSource.getConnection()) {
            try {
                return read.run(sql -> {
                    PreparedStatement ps = c.prepareStatement(sql);
                    prepared.add(ps);
                    return ps;
                });
            } finally {
                for (PreparedStatement ps : prepared) {
                    ps.close();
                }
            }
        }
    }
}
