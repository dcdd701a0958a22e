package dev.vellum.postgres.internal;

import dev.vellum.jdbc.spi.SqlFailures;
import dev.vellum.jdbc.spi.Statements;
import dev.vellum.store.VellumException;
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

    private final String name;
    private final DataSource dataSource;

    public PgReads(String name, DataSource dataSource) {
        this.name = name;
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code read} on a borrowed connection. A read whose connection turns out lost (the server
     * ended the session, the socket broke) is run once more on another connection: a read changes
     * nothing, so running it again is safe whether or not it reached the server. A read that got no
     * connection at all is not: the pool already waited its time.
     */
    public <T> T read(Read<T> read) {
        try {
            return once(read);
        } catch (SQLException e) {
            if (SqlFailures.isTransient(e) && !(e instanceof SQLTransientConnectionException)) {
                try {
                    return once(read);
                } catch (SQLException again) {
                    e = again;
                }
            }
            throw SqlFailures.translate("Reading the PostgreSQL event store " + name + " failed: " + e.getMessage()
                    + ". Check that the database is reachable.", e, VellumException::new);
        }
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
