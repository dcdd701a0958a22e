package dev.vellum.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StoreClosedException;
import dev.vellum.store.StreamId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The write queue: back-pressure when full, and a close that loses no acknowledged append and strands no caller. */
class WriterLifecycleTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aFullQueueMakesCallersWaitNotFail() throws Exception {
        try (SqliteEventStore store = SqliteEventStore.builder(dir.resolve("tiny.db")).writeQueueCapacity(1).open()) {
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                StreamId stream = StreamId.of("tiny-" + t);
                writers.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 20; i++) {
                        store.append(stream, ExpectedRevision.any(), EventData.of("Queued", "{}"));
                    }
                }));
            }
            for (Thread w : writers) {
                w.join();
            }
            assertThat(store.head()).isEqualTo(Position.of(16 * 20));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void closeFinishesQueuedAppendsAndRefusesLaterOnes() throws Exception {
        Path file = dir.resolve("closing.db");
        SqliteEventStore store = SqliteEventStore.open(file);
        Acknowledged acknowledged = new Acknowledged();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(8);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            StreamId stream = StreamId.of("closing-" + t);
            writers.add(Thread.ofPlatform().start(() -> {
                running.countDown();
                while (true) {
                    try {
                        AppendResult r = store.append(stream, ExpectedRevision.any(), EventData.of("Written", "{}"));
                        acknowledged.add(stream, r.revision());
                    } catch (StoreClosedException e) {
                        refused.incrementAndGet();
                        return;
                    }
                }
            }));
        }
        running.await();
        Thread.sleep(200);
        store.close();
        for (Thread w : writers) {
            w.join();
        }
        assertThat(refused).hasValue(8);
        try (SqliteEventStore reopened = SqliteEventStore.open(file)) {
            acknowledged.revisions.forEach((stream, revision) ->
                    assertThat(reopened.readStream(StreamId.of(stream))).hasSizeGreaterThan((int) (long) revision));
        }
    }

    /** The highest acknowledged revision per stream. */
    private static final class Acknowledged {
        final ConcurrentHashMap<String, Long> revisions = new ConcurrentHashMap<>();

        void add(StreamId stream, long revision) {
            revisions.merge(stream.value(), revision, Math::max);
        }
    }
}
