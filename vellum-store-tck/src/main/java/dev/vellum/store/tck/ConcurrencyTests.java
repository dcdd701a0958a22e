package dev.vellum.store.tck;

import static dev.vellum.store.ExpectedRevision.any;
import static dev.vellum.store.ExpectedRevision.exactly;
import static dev.vellum.store.ExpectedRevision.noStream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.AppendResult;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamDeletedException;
import dev.vellum.store.StreamId;
import dev.vellum.store.Subscription;
import dev.vellum.store.WrongExpectedRevisionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Guarantees 2 and 4 under load, in the words: "32 writers on distinct streams and 32 on one
 * stream at once: exactly one winner per revision, losers get the typed exception, nothing lost or
 * duplicated, positions strictly increasing, revisions gap-free. A live subscriber running while
 * those writers run sees every committed event exactly once, in position order." Every round
 * releases all writers at once from a start gate.
 */
abstract class ConcurrencyTests extends StoreTestSupport {

    private static final int WRITERS = 32;
    private static final int ROUNDS = 12;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ExecutorService pool = Executors.newFixedThreadPool(2 * WRITERS);

    @AfterEach
    final void stopPool() {
        pool.shutdownNow();
    }

    /** Runs all tasks at once behind a start gate and returns their outcomes: a result or the exception. */
    private <T> List<Object> race(List<Callable<T>> tasks) throws Exception {
        CountDownLatch ready = new CountDownLatch(tasks.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                try {
                    return task.call();
                } catch (RuntimeException e) {
                    return e;
                }
            }));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<Object> outcomes = new ArrayList<>();
        for (Future<Object> future : futures) {
            outcomes.add(future.get(30, TimeUnit.SECONDS));
        }
        return outcomes;
    }

    @Test
    void writersOnDistinctStreamsAndOnOneStreamRaceSafelyWhileASubscriberWatches() throws Exception {
        StreamId hot = StreamId.of("hot-1");
        RecordingHandler subscriber = new RecordingHandler();
        Subscription live = subscribe(Position.START, LogFilter.all(), subscriber);
        List<List<UUID>> distinctSent = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            distinctSent.add(new ArrayList<>());
        }
        List<UUID> hotWinners = new ArrayList<>();
        List<AppendResult> results = new ArrayList<>();

        for (int round = 0; round < ROUNDS; round++) {
            long r = round;
            ExpectedRevision hotExpected = round == 0 ? noStream() : exactly(round - 1);
            List<Callable<AppendResult>> tasks = new ArrayList<>();
            List<List<EventData>> batches = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                StreamId own = StreamId.of("own", w);
                List<EventData> pair = events(2);
                distinctSent.get(w).addAll(idsOf(pair));
                tasks.add(() -> store.append(own, r == 0 ? noStream() : exactly(2 * r - 1), pair));
            }
            for (int w = 0; w < WRITERS; w++) {
                List<EventData> single = List.of(event("Contended"));
                batches.add(single);
                tasks.add(() -> store.append(hot, hotExpected, single));
            }
            List<Object> outcomes = race(tasks);

            for (int w = 0; w < WRITERS; w++) {
                assertThat(outcomes.get(w)).as("distinct writer %d in round %d", w, round)
                        .isInstanceOfSatisfying(AppendResult.class, res -> assertThat(res.revision()).isEqualTo(2 * r + 1));
                results.add((AppendResult) outcomes.get(w));
            }
            List<Object> hotOutcomes = outcomes.subList(WRITERS, 2 * WRITERS);
            List<Integer> winners = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                if (hotOutcomes.get(w) instanceof AppendResult res) {
                    winners.add(w);
                    assertThat(res.revision()).isEqualTo(r);
                    results.add(res);
                } else {
                    assertThat(hotOutcomes.get(w)).as("a loser in round %d", round)
                            .isInstanceOfSatisfying(WrongExpectedRevisionException.class, e -> {
                                assertThat(e.actualRevision()).as("the winner's revision").isEqualTo(r);
                                assertThat(e.expected()).isEqualTo(hotExpected);
                            });
                }
            }
            assertThat(winners).as("exactly one winner for revision %d", round).hasSize(1);
            hotWinners.add(batches.get(winners.getFirst()).getFirst().id());
        }

        assertThat(ids(store.readStream(hot))).containsExactlyElementsOf(hotWinners);
        assertThat(revisions(store.readStream(hot))).containsExactlyElementsOf(LongStream.range(0, ROUNDS).boxed().toList());
        for (int w = 0; w < WRITERS; w++) {
            List<RecordedEvent> own = store.readStream(StreamId.of("own", w));
            assertThat(ids(own)).containsExactlyElementsOf(distinctSent.get(w));
            assertThat(revisions(own)).containsExactlyElementsOf(LongStream.range(0, 2 * ROUNDS).boxed().toList());
            assertStrictlyIncreasingPositions(own);
        }
        List<RecordedEvent> log = readAllEvents();
        assertStrictlyIncreasingPositions(log);
        assertThat(log).hasSize(ROUNDS * (2 * WRITERS + 1));
        Set<UUID> committed = new HashSet<>(hotWinners);
        distinctSent.forEach(committed::addAll);
        assertThat(ids(log)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(committed);
        List<Position> logPositions = log.stream().map(RecordedEvent::position).toList();
        assertThat(results).allSatisfy(res -> assertThat(logPositions).contains(res.position()));

        assertThat(live.awaitPosition(store.head(), WAIT)).isTrue();
        assertThat(subscriber.received()).as("every committed event exactly once, in position order").isEqualTo(log);
    }

    @Test
    void concurrentRetriesOfOneAppendStoreItOnceAndAllGetTheSameResult() throws Exception {
        StreamId stream = StreamId.of("retried-1");
        List<EventData> events = events(3);
        List<Callable<AppendResult>> tasks = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            tasks.add(() -> store.append(stream, noStream(), events));
        }
        List<Object> outcomes = race(tasks);
        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(AppendResult.class));
        assertThat(new HashSet<>(outcomes)).hasSize(1);
        assertThat(ids(readAllEvents())).containsExactlyElementsOf(idsOf(events));
    }

    @Test
    void aReaderFollowingPositionsNeverSkipsAnEventWhileWritersCommit() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        Future<List<RecordedEvent>> reader = pool.submit(() -> {
            List<RecordedEvent> seen = new ArrayList<>();
            Position after = Position.START;
            while (true) {
                boolean last = !writing.get();
                Position head = store.head();
                List<RecordedEvent> page = store.readAll(after, LogFilter.all(), 50);
                seen.addAll(page);
                after = page.isEmpty() ? after : page.getLast().position();
                if (page.size() < 50) {
                    assertThat(after).as("head() named a position readAll could not return yet").isGreaterThanOrEqualTo(head);
                    if (last) {
                        return seen;
                    }
                }
            }
        });
        List<Callable<AppendResult>> tasks = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            StreamId stream = StreamId.of("tail", w);
            tasks.add(() -> {
                AppendResult last = null;
                for (int i = 0; i < 20; i++) {
                    last = store.append(stream, any(), events(1 + i % 3));
                }
                return last;
            });
        }
        race(tasks);
        writing.set(false);
        assertThat(reader.get(30, TimeUnit.SECONDS)).as("the tailing reader saw the whole log").isEqualTo(readAllEvents());
    }

    @Test
    void aTombstoneRacingWithAppendsLeavesEveryAppendEitherWhollyBeforeItOrRejected() throws Exception {
        StreamId stream = StreamId.of("doomed-1");
        store.append(stream, noStream(), events(1));
        List<List<EventData>> batches = new ArrayList<>();
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            List<EventData> batch = events(3);
            batches.add(batch);
            tasks.add(() -> store.append(stream, any(), batch));
        }
        tasks.add(WRITERS / 2, () -> {
            store.delete(stream, any(), Deletion.tombstone());
            return "tombstoned";
        });
        List<Object> outcomes = race(tasks);
        outcomes.remove(WRITERS / 2);

        Set<UUID> logged = new HashSet<>(ids(readAllEvents()));
        for (int w = 0; w < WRITERS; w++) {
            if (outcomes.get(w) instanceof AppendResult) {
                assertThat(logged).containsAll(idsOf(batches.get(w)));
            } else {
                assertThat(outcomes.get(w)).isInstanceOf(StreamDeletedException.class);
                assertThat(logged).doesNotContainAnyElementsOf(idsOf(batches.get(w)));
            }
        }
        assertThat(logged).hasSize(1 + 3 * (int) outcomes.stream().filter(o -> o instanceof AppendResult).count());
    }
}
