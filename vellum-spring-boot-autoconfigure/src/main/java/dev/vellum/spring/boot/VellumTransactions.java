package dev.vellum.spring.boot;

import dev.vellum.postgres.PostgresEventStore;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends events inside the application's own Spring transaction on PostgreSQL: in a
 * {@code @Transactional} method the events commit or roll back with the method's other writes on
 * the same {@code DataSource} (JdbcTemplate, JdbcClient, JPA over it), on the connection Spring bound
 * to the transaction. The same rules and typed errors as {@code EventStore.append}; a refused append
 * writes nothing and leaves the transaction usable (see {@code PostgresEventStore.appendInTransaction}).
 *
 * <pre>{@code
 * @Transactional
 * public void place(Order order) {
 *     jdbc.sql("INSERT INTO invoices ...").update();
 *     transactions.append(StreamId.of("order", order.id()), ExpectedRevision.noStream(), placed);
 * }   // both or neither
 * }</pre>
 */
public final class VellumTransactions {

    private final EventStore store;
    private final DataSource dataSource;

    /** Appends to {@code store} on the transactions Spring runs on {@code dataSource}, the store's own. */
    public VellumTransactions(EventStore store, DataSource dataSource) {
        this.store = Objects.requireNonNull(store, "store");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Appends {@code events} to {@code stream} in the current transaction.
     *
     * @throws NoTransactionException when no Spring transaction is active, or the store is not
     *     PostgreSQL; nothing appended
     */
    public AppendResult append(StreamId stream, ExpectedRevision expected, List<EventData> events) {
        if (!(store instanceof PostgresEventStore postgres)) {
            throw new NoTransactionException("Appending in the application's transaction needs the PostgreSQL store,"
                    + " but the store is " + store.getClass().getSimpleName() + ": give the application a PostgreSQL"
                    + " DataSource (spring.datasource.url), or append with EventStore.append outside transactions.");
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new NoTransactionException("No transaction is active to append to '" + stream + "' in: call this from a"
                    + " @Transactional method (or a TransactionTemplate) on the store's DataSource, or use EventStore.append.");
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return postgres.appendInTransaction(connection, stream, expected, events);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** Varargs form of {@link #append(StreamId, ExpectedRevision, List)}. */
    public AppendResult append(StreamId stream, ExpectedRevision expected, EventData... events) {
        return append(stream, expected, Arrays.asList(events));
    }
}
