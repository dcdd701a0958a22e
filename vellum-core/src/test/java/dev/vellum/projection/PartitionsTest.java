package dev.vellum.projection;

import static dev.vellum.projection.ProjectionFixtures.awaitCheckpoint;
import static dev.vellum.projection.ProjectionFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.ProjectionFixtures.Recorder;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PartitionsTest {

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final ProjectionRunner runner = ProjectionRunner.builder(store).batchSize(200).build();

    @AfterEach
    void close() {
        runner.close();
        store.close();
    }

    /** Stream names landing in distinct partitions out of {@code partitions}, one per partition. */
    private static List<String> onePerPartition(int partitions) {
        String[] names = new String[partitions];
        for (int i = 0; names.length > 0 && java.util.Arrays.stream(names).anyMatch(n -> n == null); i++) {
            String name = "item-" + i;
            int k = Math.floorMod(name.hashCode(), partitions);
            if (names[k] == null) {
                names[k] = name;
            }
        }
        return List.of(names);
    }

    private void appendRoundRobin(List<String> streams, int perStream) {
        for (int r = 0; r < perStream; r++) {
            for (String s : streams) {
                store.append(StreamId.of(s), ExpectedRevision.any(), EventData.of("Counted", "{}"));
            }
        }
    }

    @Test
    void partitionsRunInParallelAndEachStreamKeepsItsOrder() throws Exception {
        List<String> streams = onePerPartition(4);
        appendRoundRobin(streams, 50);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        Recorder recorder = new Recorder();
        RunningProjection running = runner.start(Projection.builder("parallel").partitions(4).handler((c, event) -> {
            // a partition applies its events one at a time, so two handlers inside at once are two partitions;
            // the pause gives them the chance (which batch holds which events depends on the feed, so the
            // test waits for no particular pair)
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                Thread.sleep(1);
                recorder.seen.add(event);
            } finally {
                inside.decrementAndGet();
            }
        }).build(), checkpoints);
        awaitCheckpoint(running, store.head());

        assertThat(running.status().lastError()).isNull();
        assertThat(mostInside.get()).as("handlers of different partitions running at once").isGreaterThanOrEqualTo(2);
        Map<String, List<Long>> revisions = recorder.seen.stream().collect(Collectors.groupingBy(
                e -> e.stream().value(), Collectors.mapping(RecordedEvent::revision, Collectors.toList())));
        assertThat(revisions).hasSize(4).allSatisfy((stream, seen) ->
                assertThat(seen).containsExactlyElementsOf(java.util.stream.LongStream.range(0, 50).boxed().toList()));
    }

    @Test
    void theCheckpointNeverPassesAnEventNotYetApplied() throws Exception {
        List<String> streams = onePerPartition(3);
        appendRoundRobin(streams, 20);
        RecordedEvent blocked = store.readStream(StreamId.of(streams.get(1))).get(4);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder recorder = new Recorder();
        Projection<ProjectionContext> projection = Projection.builder("watermark").partitions(3).handler((c, event) -> {
            if (event.position().equals(blocked.position())) {
                entered.countDown();
                release.await();
            }
            recorder.seen.add(event);
        }).build();
        RunningProjection running = runner.start(projection, checkpoints);
        try {
            assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100); // let the other partitions finish whatever they were given
            assertThat(running.status().checkpoint()).isLessThan(blocked.position());
            assertThat(checkpoints.checkpoints(projection.id()).orElseThrow().low()).isLessThan(blocked.position());
            assertThat(running.awaitCheckpoint(blocked.position(), Duration.ofMillis(50))).isFalse();
            assertThat(recorder.positions()).doesNotContain(blocked.position().value());
        } finally {
            release.countDown();
        }
        awaitCheckpoint(running, store.head());
        assertThat(recorder.positions()).hasSize(60).doesNotHaveDuplicates();
    }

    @Test
    void afterACrashEachPartitionSkipsWhatItHadAppliedEvenWhenTheCountChanges() throws Exception {
        List<String> streams = onePerPartition(2);
        appendRoundRobin(streams, 20); // positions 1..40: stream 0 odd, stream 1 even
        ProjectionId id = ProjectionId.of("recount", 1);
        try (CheckpointStore.Transaction<ProjectionContext> tx = checkpoints.begin(id)) {
            // as a crash leaves it: partition 0 committed up to 30, partition 1 only up to 10
            tx.resetCheckpoints(new Checkpoints(List.of(Position.of(30), Position.of(10))));
            tx.activate();
            tx.commit();
        }
        Recorder recorder = new Recorder();
        RunningProjection running = runner.start(Projection.builder("recount").partitions(3)
                .handler(recorder.handler()).build(), checkpoints);
        awaitCheckpoint(running, store.head());

        List<Long> expected = new ArrayList<>();
        for (long p = 11; p <= 40; p++) {
            boolean partitionZero = Math.floorMod(streams.get((int) ((p - 1) % 2)).hashCode(), 2) == 0;
            if (p > 30 || !partitionZero) {
                expected.add(p);
            }
        }
        assertThat(recorder.positions()).containsExactlyInAnyOrderElementsOf(expected);
        eventually("the new layout is saved", () -> checkpoints.checkpoints(id).orElseThrow().partitions() == 3);
        assertThat(checkpoints.checkpoints(id).orElseThrow()).isEqualTo(Checkpoints.at(3, Position.of(40)));
    }

    /**
     * The saved checkpoint keeps up under load, as a single partition's does: a partition that gets
     * no events in a batch has its checkpoint saved with the batch, not only once the projection is
     * idle. Partition 3 never gets an event, and the projection never idles (a handler is held in
     * the last batch), yet the saved checkpoint reaches the events before that batch.
     */
    @Test
    void theSavedCheckpointReachesTheHeadWhileThereIsStillWork() throws Exception {
        List<String> streams = onePerPartition(4);
        store.append(StreamId.of(streams.get(1)), ExpectedRevision.any(), EventData.of("Counted", "{}"));
        Position target = store.append(StreamId.of(streams.get(2)), ExpectedRevision.any(), EventData.of("Counted", "{}"))
                .position();
        for (int i = 0; i < 250; i++) { // more than a batch: the last event comes in a later batch than the target
            store.append(StreamId.of(streams.getFirst()), ExpectedRevision.any(), EventData.of("Counted", "{}"));
        }
        Position last = store.head();
        CountDownLatch release = new CountDownLatch(1);
        Projection<ProjectionContext> projection = Projection.builder("busy").partitions(4).handler((c, event) -> {
            if (event.position().equals(last)) {
                release.await(); // the projection is still busy: it never goes idle
            }
        }).build();
        RunningProjection running = runner.start(projection, checkpoints);
        try {
            eventually("the saved checkpoint reached " + target, () -> checkpoints.checkpoints(projection.id())
                    .map(saved -> !target.isAfter(saved.low())).orElse(false));
            assertThat(running.awaitCheckpoint(last, Duration.ofMillis(50))).as("still busy with the last batch").isFalse();
        } finally {
            release.countDown();
        }
        awaitCheckpoint(running, last);
        eventually("the saved checkpoint reached the head", () -> checkpoints.checkpoints(projection.id())
                .map(saved -> saved.low().equals(last)).orElse(false));
    }
}
