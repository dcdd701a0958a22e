package dev.vellum.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.IdempotencyConflictException;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamDeletedException;
import dev.vellum.store.StreamId;
import dev.vellum.store.WrongExpectedRevisionException;
import dev.vellum.store.Deletion;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent appends share transactions, and one failing append never fails the others in its batch. */
class GroupCommitTest {

    @TempDir
    Path dir;

    private static EventData event(int n) {
        return EventData.of("Happened", "{\"n\":" + n + "}");
    }

    @Test
    void failingAppendsInABatchLeaveTheirNeighboursCommitted() throws Exception {
        Path file = dir.resolve("batch.db");
        try (SqliteEventStore store = SqliteEventStore.open(file);
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            StreamId conflicted = StreamId.of("conflict-1");
            StreamId tombstoned = StreamId.of("tomb-1");
            StreamId retried = StreamId.of("retry-1");
            store.append(conflicted, ExpectedRevision.noStream(), event(0));
            store.delete(tombstoned, ExpectedRevision.any(), Deletion.tombstone());
            EventData x = event(1);
            EventData y = event(2);
            AppendResult original = store.append(retried, ExpectedRevision.noStream(), x, y);

            List<Future<AppendResult>> good = new ArrayList<>();
            List<Future<AppendResult>> bad = new ArrayList<>();
            long commitsBefore;
            CountDownLatch submitted;
            try (Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement st = blocker.createStatement()) {
                st.execute("BEGIN IMMEDIATE"); // the writer waits on this lock while appends queue up
                commitsBefore = store.commits();
                List<Supplier<AppendResult>> goodAppends = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    StreamId s = StreamId.of("fresh-" + i);
                    goodAppends.add(() -> store.append(s, ExpectedRevision.noStream(), event(0), event(1)));
                }
                goodAppends.add(() -> store.append(retried, ExpectedRevision.noStream(), x, y));
                List<Supplier<AppendResult>> badAppends = List.of(
                        () -> store.append(conflicted, ExpectedRevision.exactly(7), event(1)),
                        () -> store.append(tombstoned, ExpectedRevision.any(), event(1)),
                        () -> store.append(retried, ExpectedRevision.any(), x, event(3)));
                submitted = new CountDownLatch(goodAppends.size() + badAppends.size());
                for (int i = 0; i < goodAppends.size(); i++) {
                    good.add(submit(pool, submitted, goodAppends.get(i)));
                    if (i % 14 == 0) {
                        bad.add(submit(pool, submitted, badAppends.get(i / 14)));
                    }
                }
                submitted.await();
                Thread.sleep(300);
                st.execute("ROLLBACK");
            }

            List<AppendResult> results = new ArrayList<>();
            for (Future<AppendResult> f : good) {
                results.add(f.get());
            }
            assertThat(results.getLast()).isEqualTo(original);
            assertThat(results.subList(0, 40)).allSatisfy(r -> assertThat(r.revision()).isEqualTo(1));
            assertThat(results.subList(0, 40)).extracting(AppendResult::position).doesNotHaveDuplicates();
            assertThat(failure(bad.get(0))).isInstanceOf(WrongExpectedRevisionException.class);
            assertThat(failure(bad.get(1))).isInstanceOf(StreamDeletedException.class);
            assertThat(failure(bad.get(2))).isInstanceOf(IdempotencyConflictException.class);
            assertThat(store.commits() - commitsBefore).as("transactions for 44 queued appends").isLessThan(10);

            List<RecordedEvent> log = store.readAll(Position.START, LogFilter.all(), 1_000);
            assertThat(log).extracting(e -> e.position().value())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 83).boxed().toList());
            assertThat(store.readStream(conflicted)).hasSize(1);
            assertThat(store.readStream(retried)).hasSize(2);
        }
    }

    @Test
    void manyWritersWithDeliberateConflictsAllGetTheRightOutcome() throws Exception {
        int threads = 8;
        int appendsEach = 100;
        AtomicInteger conflicts = new AtomicInteger();
        try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("load.db"))) {
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                StreamId stream = StreamId.of("load-" + t);
                writers.add(Thread.ofPlatform().start(() -> {
                    long revision = -1;
                    for (int i = 0; i < appendsEach; i++) {
                        if (i % 10 == 9) {
                            try {
                                store.append(stream, ExpectedRevision.exactly(revision + 5), event(i));
                            } catch (WrongExpectedRevisionException e) {
                                assertThat(e.actualRevision()).isEqualTo(revision);
                                conflicts.incrementAndGet();
                            }
                            continue;
                        }
                        ExpectedRevision expected = revision < 0 ? ExpectedRevision.noStream()
                                : ExpectedRevision.exactly(revision);
                        revision = store.append(stream, expected, event(i), EventData.of("Also", "{}")).revision();
                    }
                }));
            }
            for (Thread w : writers) {
                w.join();
            }
            assertThat(conflicts).hasValue(threads * appendsEach / 10);
            int good = threads * appendsEach * 9 / 10;
            for (int t = 0; t < threads; t++) {
                assertThat(store.readStream(StreamId.of("load-" + t))).hasSize(appendsEach * 9 / 10 * 2);
            }
            assertThat(store.head()).isEqualTo(Position.of(good * 2L));
            assertThat(store.commits()).as("group commit shares transactions").isLessThan(good);
        }
    }

    private static Future<AppendResult> submit(ExecutorService pool, CountDownLatch submitted,
            Supplier<AppendResult> append) {
        return pool.submit(() -> {
            submitted.countDown();
            return append.get();
        });
    }

    private static Throwable failure(Future<AppendResult> f) throws InterruptedException {
        try {
            f.get();
            throw new AssertionError("expected the append to fail");
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }

}
