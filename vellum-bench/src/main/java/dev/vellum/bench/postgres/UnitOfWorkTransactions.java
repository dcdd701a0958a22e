package dev.vellum.bench.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * One JDBC transaction per Axon unit of work, without Spring: it takes the unit of work's
 * connection (through Axon's {@code UnitOfWorkAwareConnectionProviderWrapper}, so the engine's
 * statements of that command use the same one), turns auto-commit off, and commits or rolls back
 * when Axon ends the transaction. HikariCP restores auto-commit when the connection goes back to
 * the pool. A nested transaction (one already open on the connection), or one asked for outside a
 * unit of work or after its commit began, commits nothing itself: its statements auto-commit.
 */
final class UnitOfWorkTransactions implements TransactionManager {

    private final ConnectionProvider connections;

    /** @param connections Axon's unit-of-work-aware provider */
    UnitOfWorkTransactions(ConnectionProvider connections) {
        this.connections = connections;
    }

    private static final Transaction NONE = new Transaction() {
        @Override
        public void commit() {
        }

        @Override
        public void rollback() {
        }
    };

    @Override
    public Transaction startTransaction() {
        if (!CurrentUnitOfWork.isStarted() || CurrentUnitOfWork.get().phase().isAfter(UnitOfWork.Phase.PREPARE_COMMIT)) {
            return NONE; // no connection to bind (a snapshot taken after the commit): auto-commit
        }
        try {
            Connection connection = connections.getConnection();
            if (!connection.getAutoCommit()) {
                return NONE;
            }
            connection.setAutoCommit(false);
            return new Transaction() {
                @Override
                public void commit() {
                    try {
                        connection.commit();
                    } catch (SQLException e) {
                        throw new IllegalStateException("Axon's transaction did not commit", e);
                    }
                }

                @Override
                public void rollback() {
                    try {
                        connection.rollback();
                    } catch (SQLException e) {
                        throw new IllegalStateException("Axon's transaction did not roll back", e);
                    }
                }
            };
        } catch (SQLException e) {
            throw new IllegalStateException("No connection for Axon's transaction", e);
        }
    }
}
