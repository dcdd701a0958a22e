package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Caller transactions ({@code appendInTransaction}) that hold stream rows locked, beside group
 * commit: an open one holds back only appends to its own stream (issue 11, item 4); a deadlock
 * between two surfaces at once, typed (item 5); and under a loop of them on one hot stream, plain
 * appends to it and their neighbours in the batch are all written (item 6). Decision record 16.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CallerTransactionContentionTest {

    /** Each task on a thread of its own: the common pool may have one thread only on a small machine. */
    private static final Executor OWN_THREAD = task -> Thread.ofPlatform().start(task);

    private static PostgresEventStore open() {
        return PostgresEventStore.builder(TestDatabase.dataSource()).schema(TestDatabase.freshSchema()).open();
    }

    private static EventData event() {
        return EventData.of("Happened", "{}");
    }

    @Test
    void anOpenCallerTransactionHoldsBackOnlyAppendsToItsOwnStream() throws Exception {
        StreamId locked = StreamId.of("b-1");
        try (PostgresEventStore store = open(); Connection tx = TestDatabase.dataSource().getConnection()) {
            store.append(locked, ExpectedRevision.noStream(), event());
            tx.setAutoCommit(false);
            store.appendInTransaction(tx, locked, ExpectedRevision.exactly(0), event());

            // queued together, so that they are likely to share a batch
            CompletableFuture<AppendResult> waiting = store.appendAsync(locked, ExpectedRevision.any(), List.of(event()));
            CompletableFuture<AppendResult> unrelated = store.appendAsync(StreamId.of("c-1"), ExpectedRevision.noStream(),
                    List.of(event()));

            assertThat(unrelated.get(3, TimeUnit.SECONDS).revision())
                    .as("written while the caller's transaction is open").isZero();
            assertThat(waiting).as("b-1 waits for the caller's transaction").isNotDone();
            tx.commit();
            assertThat(waiting.get(10, TimeUnit.SECONDS).revision()).as("after the caller's revision 1").isEqualTo(2);
            assertThat(store.readStream(locked)).hasSize(3);
        }
    }

    @Test
    void aDeadlockBetweenCallerTransactionsFailsOneAtOnceWithATypedError() throws Exception {
        StreamId s1 = StreamId.of("s-1");
        StreamId s2 = StreamId.of("s-2");
        try (PostgresEventStore store = open(); Connection tx1 = TestDatabase.dataSource().getConnection();
                Connection tx2 = TestDatabase.dataSource().getConnection()) {
            store.append(s1, ExpectedRevision.noStream(), event());
            store.append(s2, ExpectedRevision.noStream(), event());
            tx1.setAutoCommit(false);
            tx2.setAutoCommit(false);
            store.appendInTransaction(tx1, s1, ExpectedRevision.any(), event());
            store.appendInTransaction(tx2, s2, ExpectedRevision.any(), event());

            CompletableFuture<AppendResult> first = CompletableFuture.supplyAsync(
                    () -> store.appendInTransaction(tx1, s2, ExpectedRevision.any(), event()), OWN_THREAD);
            CompletableFuture<AppendResult> second = CompletableFuture.supplyAsync(
                    () -> store.appendInTransaction(tx2, s1, ExpectedRevision.any(), event()), OWN_THREAD);
            CompletableFuture.anyOf(first, second).exceptionally(e -> null).get(5, TimeUnit.SECONDS);

            CompletableFuture<AppendResult> victim = first.isCompletedExceptionally() ? first : second;
            CompletableFuture<AppendResult> survivor = victim == first ? second : first;
            assertThat(victim).isCompletedExceptionally();
            Throwable error = catchCause(victim);
            assertThat(error).isInstanceOf(TransactionRetryException.class)
                    .hasMessageContaining("roll the transaction back and run it again");
            (victim == first ? tx1 : tx2).rollback();
            survivor.get(5, TimeUnit.SECONDS);
            (victim == first ? tx2 : tx1).commit();
            assertThat(store.readStream(s1)).as("the survivor's append, none of the victim's").hasSize(2);
            assertThat(store.readStream(s2)).as("the survivor's append, none of the victim's").hasSize(2);
        }
    }

    @Test
    void underCallerTransactionsLoopingOnAHotStreamEveryPlainAppendAndItsNeighboursAreWritten() throws Exception {
        StreamId hot = StreamId.of("hot-1");
        int transactions = 4;
        int perTransaction = 50;
        int plainAppenders = 3;
        int perPlain = 30;
        int freshAppenders = 2;
        int perFresh = 30;
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try (PostgresEventStore store = open()) {
            store.append(hot, ExpectedRevision.noStream(), event());
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < transactions; t++) {
                threads.add(worker(go, errors, () -> {
                    try (Connection c = TestDatabase.dataSource().getConnection()) {
                        c.setAutoCommit(false);
                        for (int i = 0; i < perTransaction; i++) {
                            store.appendInTransaction(c, hot, ExpectedRevision.any(), event());
                            Thread.sleep(10); // hold the row a while, as a transaction doing more work would
                            c.commit();
                        }
                    }
                }));
            }
            for (int t = 0; t < plainAppenders; t++) {
                threads.add(worker(go, errors, () -> {
                    for (int i = 0; i < perPlain; i++) {
                        store.append(hot, ExpectedRevision.any(), event());
                    }
                }));
            }
            for (int t = 0; t < freshAppenders; t++) {
                int appender = t;
                threads.add(worker(go, errors, () -> {
                    for (int i = 0; i < perFresh; i++) {
                        store.append(StreamId.of("new-" + appender + "x" + i), ExpectedRevision.noStream(), event());
                    }
                }));
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertThat(errors).as("no append failed").isEmpty();
            List<RecordedEvent> events = store.readStream(hot);
            assertThat(events).hasSize(1 + transactions * perTransaction + plainAppenders * perPlain);
            for (int t = 0; t < freshAppenders; t++) {
                for (int i = 0; i < perFresh; i++) {
                    assertThat(store.readStream(StreamId.of("new-" + t + "x" + i))).hasSize(1);
                }
            }
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private static Thread worker(CountDownLatch go, ConcurrentLinkedQueue<Throwable> errors, Work work) {
        return Thread.ofPlatform().start(() -> {
            try {
                go.await();
                work.run();
            } catch (Exception | AssertionError e) {
                errors.add(e);
            }
        });
    }

    private static Throwable catchCause(CompletableFuture<?> failed) {
        try {
            failed.get();
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
