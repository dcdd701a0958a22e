package dev.vellum.sqlite.internal;

import dev.vellum.jdbc.spi.QueuedWrite;
import dev.vellum.jdbc.spi.WriteRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * An entry of the {@link GroupCommitWriter}'s queue: work for the one write connection, or the
 * marker {@link GroupCommitWriter#close()} puts last. The appends and deletions every SQL store's
 * writer receives come wrapped in a {@link Request}; what only this store needs (work on its single
 * write connection, the stop marker) stays here.
 */
sealed interface WriterJob extends QueuedWrite {

    /** Work that runs in the writer's transaction, in its own savepoint when it shares the batch. */
    sealed interface Work extends WriterJob {
    }

    /** An append or a deletion. */
    record Request(WriteRequest request) implements Work {

        @Override
        public void fail(Throwable error) {
            request.fail(error);
        }
    }

    /**
     * Other work on the write connection, such as saving a snapshot: it runs in the batch's
     * transaction like every request, and its result is handed over after {@code COMMIT}.
     */
    record Task<T>(WriterTask<T> task, CompletableFuture<T> result) implements Work {

        /** Runs the task; returns how to hand its result over once the transaction has committed. */
        Runnable run(Connection connection) throws SQLException {
            T value = task.run(connection);
            return () -> result.complete(value);
        }

        @Override
        public void fail(Throwable error) {
            result.completeExceptionally(error);
        }
    }

    /** Put last in the queue by close: the writer finishes what came before it, then stops. */
    record Stop() implements WriterJob {

        @Override
        public void fail(Throwable error) {
            // nobody waits for it
        }
    }
}
