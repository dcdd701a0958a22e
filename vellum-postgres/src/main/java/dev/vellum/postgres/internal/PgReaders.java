package dev.vellum.postgres.internal;

import dev.vellum.jdbc.spi.readmodel.ReaderDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * The readers of a PostgreSQL read model: read-only connections of the caller's data source,
 * separate from the sessions projections write through, so a query never waits for a batch. Each
 * connection is read-only ({@code default_transaction_read_only}) and, with a schema, has it first
 * on its search path, until it is closed: then it gets the settings it had back before it returns
 * to the pool.
 */
public final class PgReaders extends ReaderDataSource {

    private static final String READ_ONLY = "default_transaction_read_only";

    private final DataSource dataSource;
    private final SearchPath searchPath;
    private final BooleanSupplier closed;

    /** Readers on {@code dataSource}, refused once {@code closed} says so. */
    public PgReaders(DataSource dataSource, SearchPath searchPath, BooleanSupplier closed) {
        this.dataSource = dataSource;
        this.searchPath = searchPath;
        this.closed = closed;
    }

    @Override
    protected Connection open() throws SQLException {
        if (closed.getAsBoolean()) {
            throw new SQLException("The PostgreSQL read models are closed: open them again.");
        }
        Connection c = dataSource.getConnection();
        String readOnly = null;
        try {
            readOnly = readOnly(c);
            return restoringOnClose(c, readOnly, searchPath.enter(c));
        } catch (SQLException | RuntimeException e) {
            if (readOnly != null) {
                restore(c, readOnly, Optional.empty());
            }
            c.close();
            throw e;
        }
    }

    /**
     * Makes every transaction of {@code c} read-only, in auto-commit mode too (where the driver's
     * {@code setReadOnly} does nothing); returns the setting it had.
     */
    private static String readOnly(Connection c) throws SQLException {
        return SearchPath.set(c, READ_ONLY, "on", false);
    }

    /** {@code c}, whose {@code close()} first gives it back the settings it had. */
    private static Connection restoringOnClose(Connection c, String readOnly, Optional<String> previousPath) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0 && !c.isClosed()) {
                        restore(c, readOnly, previousPath);
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void restore(Connection c, String readOnly, Optional<String> previousPath) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback(); // what the caller left open: a reader has nothing to commit
            }
            SearchPath.leave(c, previousPath);
            SearchPath.set(c, READ_ONLY, readOnly, false);
        } catch (SQLException e) {
            // a broken connection: the pool discards it
        }
    }
}
