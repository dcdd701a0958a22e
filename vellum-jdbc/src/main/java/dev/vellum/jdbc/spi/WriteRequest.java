package dev.vellum.jdbc.spi;

import dev.vellum.store.AppendResult;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One write waiting for a group-commit writer; its future completes once its batch has committed. */
public sealed interface WriteRequest {

    /** Completes the future with a failure. */
    void fail(Throwable error);

    /**
     * An append that passed validation.
     *
     * @param metadata each event's serialized metadata, from validation
     */
    record Append(StreamId stream, ExpectedRevision expected, List<EventData> events, List<String> metadata,
            CompletableFuture<AppendResult> result) implements WriteRequest {

        @Override
        public void fail(Throwable error) {
            result.completeExceptionally(error);
        }
    }

    /** A deletion. */
    record Delete(StreamId stream, ExpectedRevision expected, Deletion deletion, CompletableFuture<Void> result)
            implements WriteRequest {

        @Override
        public void fail(Throwable error) {
            result.completeExceptionally(error);
        }
    }

    /**
     * Other work on the write connection of a store that has only one (SQLite), such as saving a
     * snapshot: it runs in the batch's transaction, in its own savepoint like every request, and its
     * result is handed over after {@code COMMIT}. PostgreSQL's writers never receive one.
     */
    record Task(WriterTask<?> task, CompletableFuture<Object> result) implements WriteRequest {

        @Override
        public void fail(Throwable error) {
            result.completeExceptionally(error);
        }
    }

    /** Put last in the queue by close: the writer finishes what came before it, then stops. */
    record Stop() implements WriteRequest {

        @Override
        public void fail(Throwable error) {
            // nobody waits for it
        }
    }
}
