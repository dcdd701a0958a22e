package dev.vellum.jdbc.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.Deletion;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StoreClosedException;
import dev.vellum.store.StreamId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The back-pressure and the closing of {@link WriteQueue}. */
class WriteQueueTest {

    private static WriteRequest.Delete delete() {
        return new WriteRequest.Delete(StreamId.of("order-1"), ExpectedRevision.any(), Deletion.tombstone(),
                new CompletableFuture<>());
    }

    @Test
    void aCapacityBelowOneIsRefusedWithTheSettingsName() {
        assertThat(WriteQueue.checkCapacity(1)).isEqualTo(1);
        assertThatThrownBy(() -> WriteQueue.checkCapacity(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("writeQueueCapacity must be 1 or more, got 0");
    }

    @Test
    void requestsComeOutInTheOrderTheyWentIn() throws InterruptedException {
        WriteQueue<WriteRequest> queue = new WriteQueue<>("test", 4);
        WriteRequest first = delete();
        WriteRequest second = delete();
        queue.submit(first);
        queue.submit(second);

        assertThat(queue.take()).isSameAs(first);
        assertThat(queue.poll()).isSameAs(second);
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aCallerWaitsForRoomWhileTheQueueIsFull() throws InterruptedException {
        WriteQueue<WriteRequest> queue = new WriteQueue<>("test", 1);
        queue.submit(delete());
        CountDownLatch queued = new CountDownLatch(1);
        Thread caller = Thread.ofVirtual().start(() -> {
            queue.submit(delete());
            queued.countDown();
        });

        assertThat(queued.await(200, TimeUnit.MILLISECONDS)).as("queued while full").isFalse();
        queue.take();
        assertThat(queued.await(10, TimeUnit.SECONDS)).as("queued once there was room").isTrue();
        caller.join();
    }

    @Test
    void aClosedQueueRefusesNewRequestsAndKeepsThoseQueued() throws InterruptedException {
        WriteQueue<WriteRequest> queue = new WriteQueue<>("orders.db", 4);
        WriteRequest queued = delete();
        queue.submit(queued);

        assertThat(queue.close()).isTrue();
        assertThat(queue.close()).as("second close").isFalse();
        assertThat(queue.isClosed()).isTrue();
        assertThatThrownBy(() -> queue.submit(delete())).isInstanceOf(StoreClosedException.class)
                .hasMessageContaining("orders.db");
        assertThat(queue.poll(1, TimeUnit.SECONDS)).isSameAs(queued);
    }

    @Test
    void theWritersStopMarkerGoesPastTheClosedCheck() throws InterruptedException {
        WriteQueue<QueuedWrite> queue = new WriteQueue<>("test", 4);
        queue.close();
        QueuedWrite stop = error -> { }; // nobody waits for a stop marker
        queue.putInternal(stop);

        assertThat(queue.take()).isSameAs(stop);
    }

    @Test
    void failAllFailsEveryQueuedRequestAsClosed() {
        WriteQueue<WriteRequest> queue = new WriteQueue<>("test", 4);
        WriteRequest.Delete first = delete();
        WriteRequest.Delete second = delete();
        queue.submit(first);
        queue.submit(second);

        queue.failAll();

        assertThat(queue.isEmpty()).isTrue();
        assertThat(first.result()).isCompletedExceptionally();
        assertThatThrownBy(second.result()::join).hasCauseInstanceOf(StoreClosedException.class);
    }
}
