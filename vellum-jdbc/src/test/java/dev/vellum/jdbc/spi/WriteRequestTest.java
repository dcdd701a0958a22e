package dev.vellum.jdbc.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.AppendResult;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.store.WrongExpectedRevisionException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** How a writer answers a {@link WriteRequest} with its typed {@link WriteOutcome}. */
class WriteRequestTest {

    private static final StreamId STREAM = StreamId.of("order-1");

    private static WriteRequest.Append append() {
        return new WriteRequest.Append(STREAM, ExpectedRevision.any(),
                List.of(EventData.of("OrderPlaced", "{}")), List.of("{}"), new CompletableFuture<>());
    }

    private static WriteRequest.Delete delete() {
        return new WriteRequest.Delete(STREAM, ExpectedRevision.any(), Deletion.tombstone(), new CompletableFuture<>());
    }

    @Test
    void anAppendedOutcomeCompletesTheAppendWithItsResult() {
        WriteRequest.Append append = append();
        AppendResult result = new AppendResult(0, Position.of(7));

        append.complete(new WriteOutcome.Appended(result));

        assertThat(append.result()).isCompletedWithValue(result);
    }

    @Test
    void aFailedOutcomeFailsTheRequestWithItsTypedError() {
        WriteRequest.Append append = append();
        WriteRequest.Delete delete = delete();
        RuntimeException error = new WrongExpectedRevisionException(STREAM, ExpectedRevision.noStream(), 3);

        append.complete(new WriteOutcome.Failed(error));
        delete.complete(new WriteOutcome.Failed(error));

        assertThatThrownBy(append.result()::join).hasCause(error);
        assertThatThrownBy(delete.result()::join).hasCause(error);
    }

    @Test
    void aDeletedOutcomeCompletesTheDeletion() {
        WriteRequest.Delete delete = delete();

        delete.complete(new WriteOutcome.Deleted());

        assertThat(delete.result()).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void anOutcomeOfTheOtherKindIsAWriterBugAndAnswersNobody() {
        WriteRequest.Append append = append();
        WriteRequest.Delete delete = delete();

        assertThatThrownBy(() -> append.complete(new WriteOutcome.Deleted()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("order-1");
        assertThatThrownBy(() -> delete.complete(new WriteOutcome.Appended(new AppendResult(0, Position.of(1)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("order-1");
        assertThat(append.result()).isNotDone();
        assertThat(delete.result()).isNotDone();
    }

    @Test
    void outcomesRefuseNulls() {
        assertThatThrownBy(() -> new WriteOutcome.Appended(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new WriteOutcome.Failed(null)).isInstanceOf(NullPointerException.class);
    }
}
