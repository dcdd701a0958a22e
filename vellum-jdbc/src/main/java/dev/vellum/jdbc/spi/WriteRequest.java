package dev.vellum.jdbc.spi;

import dev.vellum.store.AppendResult;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One write waiting for a group-commit writer: an append or a deletion, as a store's
 * {@link StoreEngine} queues them once {@link dev.vellum.jdbc.JdbcEventStore} has checked their
 * arguments. The writer decides and writes a batch of them in one transaction and, once it has
 * committed, {@linkplain #complete completes} each with its {@link WriteOutcome}; when the whole
 * transaction fails, it {@linkplain #fail fails} each with the typed error that says whether
 * anything may be stored. Each caller's future completes on the writer's thread.
 */
public sealed interface WriteRequest extends QueuedWrite {

    /** The stream the request writes to. */
    StreamId stream();

    /** The revision the caller expects the stream to be at. */
    ExpectedRevision expected();

    /**
     * Answers the caller with what this request came to, after its transaction committed.
     *
     * @throws IllegalArgumentException when {@code outcome} is of another kind of request (an append
     *     completed as {@link WriteOutcome.Deleted}, say): a bug in the writer
     */
    void complete(WriteOutcome outcome);

    /**
     * An append that passed validation.
     *
     * @param metadata each event's serialized metadata, from {@link dev.vellum.store.spi.AppendValidation}
     * @param result completed with the append's result, or exceptionally with its typed error
     */
    record Append(StreamId stream, ExpectedRevision expected, List<EventData> events, List<String> metadata,
            CompletableFuture<AppendResult> result) implements WriteRequest {

        @Override
        public void complete(WriteOutcome outcome) {
            switch (outcome) {
                case WriteOutcome.Appended a -> result.complete(a.result());
                case WriteOutcome.Failed f -> fail(f.error());
                case WriteOutcome.Deleted d -> throw new IllegalArgumentException(
                        "An append to '" + stream + "' cannot end as a deletion: the writer paired outcomes wrongly");
            }
        }

        @Override
        public void fail(Throwable error) {
            result.completeExceptionally(error);
        }
    }

    /**
     * A deletion whose arguments were checked.
     *
     * @param result completed once the deletion committed, or exceptionally with its typed error
     */
    record Delete(StreamId stream, ExpectedRevision expected, Deletion deletion, CompletableFuture<Void> result)
            implements WriteRequest {

        @Override
        public void complete(WriteOutcome outcome) {
            switch (outcome) {
                case WriteOutcome.Deleted d -> result.complete(null);
                case WriteOutcome.Failed f -> fail(f.error());
                case WriteOutcome.Appended a -> throw new IllegalArgumentException(
                        "A deletion of '" + stream + "' cannot end as an append: the writer paired outcomes wrongly");
            }
        }

        @Override
        public void fail(Throwable error) {
            result.completeExceptionally(error);
        }
    }
}
