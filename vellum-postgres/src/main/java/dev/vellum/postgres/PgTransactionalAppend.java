package dev.vellum.postgres;

import dev.vellum.jdbc.spi.SqlFailures;
import dev.vellum.jdbc.spi.StoreEngine;
import dev.vellum.jdbc.spi.WriteOutcome;
import dev.vellum.jdbc.spi.WriteRequest;
import dev.vellum.postgres.internal.PgBatch;
import dev.vellum.postgres.internal.PgDialect;
import dev.vellum.store.AppendNotStoredException;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StoreUnavailableException;
import dev.vellum.store.StreamId;
import dev.vellum.store.VellumException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An append inside the caller's own transaction, so that the events and the caller's other writes
 * commit or roll back together. It runs as a one-request {@link PgBatch} inside a savepoint, which
 * locks the stream's row first (held until the caller's transaction ends, as any update would): a
 * race lost to another writer creating the same new stream rolls back to the savepoint and runs
 * again, instead of aborting the caller's transaction, and a refused append (wrong revision,
 * tombstone, idempotency conflict) writes nothing and leaves the transaction usable. A deadlock or a
 * serialization failure is the caller's transaction's to retry: {@link TransactionRetryException}
 * at once, since running again inside the same transaction would meet the same locks.
 */
final class PgTransactionalAppend {

    private static final int MAX_ATTEMPTS = 20;

    private final String name;
    private final PgDialect dialect;
    private final PgBatch batch;
    private final Clock clock;

    PgTransactionalAppend(String name, PgDialect dialect, Clock clock) {
        this.name = name;
        this.dialect = dialect;
        this.batch = new PgBatch(dialect);
        this.clock = clock;
    }

    AppendResult append(Connection c, StreamId stream, ExpectedRevision expected, List<EventData> events,
            List<String> metadata) {
        WriteRequest.Append request = new WriteRequest.Append(stream, expected, events, metadata, new CompletableFuture<>());
        try {
            if (c.getAutoCommit()) {
                throw new IllegalStateException("appendInTransaction needs a connection in a transaction: call "
                        + "setAutoCommit(false) first, and commit when the rest of the transaction is done.");
            }
            SQLException last = null;
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Savepoint savepoint = c.setSavepoint();
                WriteOutcome outcome;
                try {
                    outcome = batch.run(c, List.of(request), clock.instant().truncatedTo(ChronoUnit.MILLIS), true)
                            .outcomes().getFirst();
                    c.releaseSavepoint(savepoint);
                } catch (SQLException e) {
                    c.rollback(savepoint);
                    if (dialect.isTransactionRollback(e)) {
                        throw new TransactionRetryException("Appending to '" + stream + "' in the caller's transaction "
                                + "on " + name + " failed: " + e.getMessage() + ". Nothing of this append was written, "
                                + "but the transaction holds locks another transaction waits for (a deadlock) or its "
                                + "isolation level refused it: roll the transaction back and run it again.", e);
                    }
                    if (dialect.isConflict(e)) { // a new stream created meanwhile by another transaction
                        last = e;
                        continue;
                    }
                    throw notWritten(stream, e);
                }
                request.complete(outcome); // completes its future at once, with the result or the typed error
                return StoreEngine.await(request.result());
            }
            throw new TransactionRetryException("Appending to '" + stream + "' in the caller's transaction on " + name
                    + " lost " + MAX_ATTEMPTS + " races to other writers (" + last.getMessage() + "). Nothing of this "
                    + "append was written: roll the transaction back and run it again.", last);
        } catch (SQLException e) {
            if (SqlFailures.isTransient(e)) {
                throw lost(stream, e);
            }
            throw new TransactionRetryException("Appending to '" + stream + "' in the caller's transaction on " + name
                    + " failed: " + e.getMessage() + ". Roll the transaction back and run it again.", e);
        }
    }

    private VellumException notWritten(StreamId stream, SQLException e) {
        if (SqlFailures.isTransient(e)) {
            return lost(stream, e);
        }
        return new AppendNotStoredException("Appending to '" + stream + "' in the caller's transaction on " + name
                + " failed: " + e.getMessage() + ". Nothing of this append was written; the transaction can go on "
                + "or roll back.", e);
    }

    private StoreUnavailableException lost(StreamId stream, SQLException e) {
        return new StoreUnavailableException("Appending to '" + stream + "' in the caller's transaction on " + name
                + " failed: the connection was lost (" + e.getMessage() + "), and the transaction with it: nothing "
                + "of it commits. Run the transaction again once the database is back.", e);
    }
}
