package dev.vellum.bench.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.ConnectionWrapperFactory;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

/**
 * One JDBC transaction bound to the thread that starts it, and the connection provider that hands
 * that transaction's connection to whoever asks on that thread, as Spring's
 * {@code DataSourceTransactionManager} with Axon's {@code SpringDataSourceConnectionProvider} do in
 * the setup Axon documents for production. The tracking processor needs it: it attaches its
 * transaction to a batch's unit of work before starting that unit of work, so
 * {@link UnitOfWorkTransactions} (which binds a started unit of work's connection) would find none
 * and let every statement auto-commit. A transaction started while one is open on the thread joins
 * it (commits nothing itself). Outside a transaction the provider hands out the pool's
 * auto-commit connections.
 */
final class ThreadBoundTransactions implements TransactionManager, ConnectionProvider {

    private final DataSource pool;
    private final ThreadLocal<Connection> bound = new ThreadLocal<>();

    /** @param pool where connections come from */
    ThreadBoundTransactions(DataSource pool) {
        this.pool = pool;
    }

    private static final Transaction JOINED = new Transaction() {
        @Override
        public void commit() {
        }

        @Override
        public void rollback() {
        }
    };

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = bound.get();
        if (connection == null) {
            return pool.getConnection();
        }
        return ConnectionWrapperFactory.wrap(connection, new ConnectionWrapperFactory.NoOpCloseHandler());
    }

    @Override
    public Transaction startTransaction() {
        if (bound.get() != null) {
            return JOINED;
        }
        try {
            Connection connection = pool.getConnection();
            connection.setAutoCommit(false);
            bound.set(connection);
            return new Transaction() {
                @Override
                public void commit() {
                    end(connection, true);
                }

                @Override
                public void rollback() {
                    end(connection, false);
                }
            };
        } catch (SQLException e) {
            throw new IllegalStateException("No connection for Axon's transaction", e);
        }
    }

    private void end(Connection connection, boolean commit) {
        bound.remove();
        try (connection) {
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Axon's transaction did not " + (commit ? "commit" : "roll back"), e);
        }
    }
}
