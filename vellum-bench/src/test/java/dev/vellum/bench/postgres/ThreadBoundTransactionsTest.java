package dev.vellum.bench.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * The catch-up peer's transactions, on a SQLite file so no server is needed: a batch's unit of
 * work, its transaction attached before it starts as Axon's {@code TrackingEventProcessor} does,
 * runs every statement in one transaction, which a rollback undoes whole.
 */
class ThreadBoundTransactionsTest {

    @TempDir
    Path directory;

    private SQLiteDataSource pool;
    private ThreadBoundTransactions transactions;

    @BeforeEach
    void createTable() throws SQLException {
        pool = new SQLiteDataSource();
        pool.setUrl("jdbc:sqlite:" + directory.resolve("rows.db"));
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE rows (n INTEGER)");
        }
        transactions = new ThreadBoundTransactions(pool);
    }

    @Test
    void aBatchAttachedBeforeItStartsRunsInOneTransaction() throws Exception {
        List<Boolean> autoCommit = new ArrayList<>();
        BatchingUnitOfWork<EventMessage<?>> batch = batch();
        batch.attachTransaction(transactions);
        batch.executeWithResult(() -> {
            insert(autoCommit);
            insert(autoCommit);
            return null;
        });

        assertThat(autoCommit).containsOnly(false).hasSize(4); // the task runs once per message of the batch
        assertThat(rows()).isEqualTo(4);
    }

    @Test
    void aBatchThatFailsLeavesNoRow() throws Exception {
        BatchingUnitOfWork<EventMessage<?>> batch = batch();
        batch.attachTransaction(transactions);
        batch.executeWithResult(() -> {
            insert(new ArrayList<>());
            throw new IllegalStateException("the handler failed");
        });

        assertThat(rows()).isZero();
    }

    @Test
    void aTransactionStartedInsideAnotherJoinsIt() throws Exception {
        List<Boolean> autoCommit = new ArrayList<>();
        BatchingUnitOfWork<EventMessage<?>> batch = batch();
        batch.attachTransaction(transactions);
        batch.executeWithResult(() -> {
            transactions.executeInTransaction(() -> insert(autoCommit));
            throw new IllegalStateException("the handler failed");
        });

        assertThat(autoCommit).containsExactly(false);
        assertThat(rows()).isZero();
    }

    private static BatchingUnitOfWork<EventMessage<?>> batch() {
        return new BatchingUnitOfWork<>(List.of(GenericEventMessage.asEventMessage("one"),
                GenericEventMessage.asEventMessage("two")));
    }

    private void insert(List<Boolean> autoCommit) {
        try (Connection c = transactions.getConnection(); Statement st = c.createStatement()) {
            autoCommit.add(c.getAutoCommit());
            st.executeUpdate("INSERT INTO rows (n) VALUES (1)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int rows() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM rows")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
