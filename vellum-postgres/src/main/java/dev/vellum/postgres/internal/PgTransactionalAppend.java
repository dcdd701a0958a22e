package dev.vellum.postgres.internal;

import dev.vellum.jdbc.internal.WriteRequest;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
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
 * commit or roll back together. It runs as a one-request {@link PgBatch} inside a savepoint: a race
 * lost to another writer rolls back to the savepoint and runs again, instead of aborting the
 * caller's transaction, and a refused append (wrong revision, tombstone, idempotency conflict)
 * writes nothing and leaves the transaction usable.
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
                Object result;
                try {
                    result = batch.run(c, List.of(request), clock.instant().truncatedTo(ChronoUnit.MILLIS), true)
                            .results().getFirst();
                    c.releaseSavepoint(savepoint);
                } catch (SQLException e) {
                    c.rollback(savepoint);
                    last = e;
                    if (dialect.isConflict(e)) {
                        continue;
                    }
                    break;
                }
                if (result instanceof RuntimeException e) {
                    throw e;
                }
                return (AppendResult) result;
            }
            throw new VellumException("Appending to '" + stream + "' in the caller's transaction on " + name
                    + " failed: " + last.getMessage() + ". Nothing of this append was written; the transaction "
                    + "can go on or roll back.", last);
        } catch (SQLException e) {
            throw new VellumException("Appending to '" + stream + "' in the caller's transaction on " + name
                    + " failed: " + e.getMessage() + ". Roll the transaction back and retry it.", e);
        }
    }
}
