package dev.vellum.store.tck;

import static dev.vellum.store.ExpectedRevision.any;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.Deletion;
import dev.vellum.store.EventStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.StoreClosedException;
import dev.vellum.store.StreamId;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Closing a store, and the durability promise a store makes by the suite it extends: a store that
 * keeps its events across a reopen but runs only the base suite would skip the persistence tests
 * silently, so that fails here.
 */
abstract class LifecycleTests extends StoreTestSupport {

    private final StreamId order = StreamId.of("order-1");

    @Test
    void everyCallOnAClosedStoreRaisesStoreClosed() {
        store.append(order, any(), events(1));
        EventStore closed = store;
        closed.close();
        List<ThrowingCallable> calls = List.of(
                () -> closed.append(order, any(), events(1)),
                () -> closed.readStream(order),
                () -> closed.readStream(order, ReadDirection.BACKWARDS, 0, 1),
                () -> closed.readAll(Position.START, LogFilter.all(), 10),
                () -> closed.head(),
                () -> closed.readEvent(UUID.randomUUID()),
                () -> closed.subscribe(Position.START, LogFilter.all(), e -> { }),
                () -> closed.delete(order, any(), Deletion.soft()));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOf(StoreClosedException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void closingTwiceIsHarmless() {
        store.append(order, any(), events(1));
        store.close();
        assertThatCode(store::close).doesNotThrowAnyException();
    }

    @Test
    void theStoreRunsTheSuiteThatMatchesItsDurability() {
        store.append(order, any(), events(3));
        Position head = store.head();
        reopen();
        if (fixture().durable()) {
            assertThat(store.head()).as("a durable store keeps its events across a reopen").isEqualTo(head);
        } else {
            assertThat(store.head())
                    .as("this store keeps its events across a reopen, so its test must extend "
                            + "DurableEventStoreConformanceSuite for the persistence tests to run")
                    .isEqualTo(Position.START);
        }
    }
}
