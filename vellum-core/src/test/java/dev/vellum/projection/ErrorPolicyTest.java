package dev.vellum.projection;

import static dev.vellum.projection.ProjectionFixtures.append;
import static dev.vellum.projection.ProjectionFixtures.awaitCheckpoint;
import static dev.vellum.projection.ProjectionFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.projection.ProjectionFixtures.Recorder;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.retry.InvalidRetriesException;
import dev.vellum.retry.Retries;
import dev.vellum.store.Position;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.time.Backoff;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ErrorPolicyTest {

    private static final Duration SHORT = Duration.ofMillis(1);

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
    private final ProjectionRunner runner = ProjectionRunner.create(store);
    private final Set<Long> poisoned = ConcurrentHashMap.newKeySet();
    private final Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Recorder recorder = new Recorder();

    @AfterEach
    void close() {
        runner.close();
        store.close();
    }

    private Projection<ProjectionContext> projection(Retries retries, ErrorPolicy policy) {
        return Projection.builder("fragile").retries(retries).errorPolicy(policy).handler((context, event) -> {
            attempts.computeIfAbsent(event.position().value(), p -> new AtomicInteger()).incrementAndGet();
            if (poisoned.contains(event.position().value())) {
                throw new IllegalStateException("poison at " + event.position());
            }
            recorder.seen.add(event);
        }).build();
    }

    @Test
    void byDefaultAFailingEventIsRetriedFiveTimesThenTheProjectionStops() {
        Projection<ProjectionContext> projection = Projection.builder("defaults").handler((context, event) -> { }).build();
        assertThat(projection.retries()).isEqualTo(new Retries(6, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5))));
        assertThat(projection.retries().retries()).isEqualTo(5);
        assertThat(projection.errorPolicy()).isEqualTo(ErrorPolicy.STOP);
        assertThatThrownBy(() -> new Retries(0, Backoff.DEFAULT)).isInstanceOf(InvalidRetriesException.class);
    }

    @Test
    void aTransientErrorIsRetriedAndNoEventIsMissed() throws Exception {
        append(store, "Counted", 100, 4);
        AtomicInteger failuresLeft = new AtomicInteger(2);
        RunningProjection running = runner.start(Projection.builder("flaky")
                .retries(new Retries(4, new Backoff(SHORT, Duration.ofSeconds(5)))).errorPolicy(ErrorPolicy.STOP)
                .handler((context, event) -> {
                    if (event.position().value() == 40 && failuresLeft.getAndDecrement() > 0) {
                        throw new IllegalStateException("flaky");
                    }
                    recorder.seen.add(event);
                }).build(), checkpoints);
        awaitCheckpoint(running, store.head());
        // at least once: events before the failure in its batch may be applied again, none is skipped
        assertThat(recorder.positions()).containsAll(java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList());
        assertThat(running.parkedEvents()).isEmpty();
        assertThat(running.status().lastError().toString()).contains("flaky");
    }

    @Test
    void afterItsRetriesAnEventIsParkedAndTheProjectionGoesOn() throws Exception {
        append(store, "Counted", 50, 5);
        poisoned.add(17L);
        RunningProjection running = runner.start(projection(new Retries(3, new Backoff(SHORT, Duration.ofSeconds(5))), ErrorPolicy.PARK), checkpoints);
        awaitCheckpoint(running, store.head());

        assertThat(attempts.get(17L)).hasValue(3); // first try and two retries
        assertThat(recorder.positions()).doesNotContain(17L).contains(16L, 18L, 50L);
        assertThat(running.parkedEvents()).singleElement().satisfies(parked -> {
            assertThat(parked.projection()).isEqualTo(ProjectionId.of("fragile", 1));
            assertThat(parked.position()).isEqualTo(Position.of(17));
            assertThat(parked.stream().value()).isEqualTo("item-1");
            assertThat(parked.type()).isEqualTo("Counted");
            assertThat(parked.error()).isEqualTo("java.lang.IllegalStateException: poison at 17");
            assertThat(parked.attempts()).isEqualTo(3);
            assertThat(parked.parkedAt()).isNotNull();
        });
        assertThat(running.status().parkedEvents()).isEqualTo(1);
        assertThat(running.status().state()).isIn(WorkerState.LIVE, WorkerState.CATCHING_UP);
    }

    @Test
    void aParkedEventCanBeRetriedAfterAFixOrSkipped() throws Exception {
        append(store, "Counted", 30, 3);
        poisoned.add(5L);
        poisoned.add(9L);
        RunningProjection running = runner.start(projection(Retries.none(), ErrorPolicy.PARK), checkpoints);
        awaitCheckpoint(running, store.head());
        assertThat(running.parkedEvents()).extracting(ParkedEvent::position).containsExactly(Position.of(5), Position.of(9));

        assertThatThrownBy(() -> running.retryParked(Position.of(5))).isInstanceOf(ProjectionHandlerException.class)
                .hasMessageContaining("position 5").hasMessageContaining("stays parked, now with 2 attempts");
        assertThat(running.parkedEvents().getFirst().attempts()).isEqualTo(2);

        poisoned.remove(5L);
        running.retryParked(Position.of(5));
        assertThat(recorder.positions()).contains(5L);
        running.skipParked(Position.of(9));
        assertThat(running.parkedEvents()).isEmpty();
        assertThat(recorder.positions()).doesNotContain(9L);

        assertThatThrownBy(() -> running.skipParked(Position.of(9))).isInstanceOf(ParkedEventNotFoundException.class);
        assertThatThrownBy(() -> running.retryParked(Position.of(12))).isInstanceOf(ParkedEventNotFoundException.class)
                .hasMessageContaining("no parked event at position 12");
    }

    @Test
    void stopPolicyFailsTheProjectionBeforeTheEventAndARestartResumesThere() throws Exception {
        append(store, "Counted", 60, 3);
        poisoned.add(33L);
        Projection<ProjectionContext> projection = projection(new Retries(2, new Backoff(SHORT, Duration.ofSeconds(5))), ErrorPolicy.STOP);
        RunningProjection running = runner.start(projection, checkpoints);
        eventually("it failed", () -> running.status().state() == WorkerState.FAILED);

        WorkerStatus status = running.status();
        assertThat(status.checkpoint()).isEqualTo(Position.of(32));
        assertThat(status.lastError().toString()).contains("poison at 33");
        assertThat(status.lastError().position()).as("the event it failed on").isEqualTo(Position.of(33));
        assertThat(status.lagEvents()).isEqualTo(28);
        assertThat(checkpoints.checkpoints(projection.id()).orElseThrow().low()).isEqualTo(Position.of(32));
        assertThat(recorder.positions()).doesNotContain(33L);

        poisoned.clear();
        RunningProjection again = runner.start(projection, checkpoints);
        awaitCheckpoint(again, store.head());
        assertThat(recorder.positions().stream().filter(p -> p >= 33)).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(33, 60).boxed().toList());
    }

    @Test
    void stoppingDuringABackoffReturnsPromptly() throws Exception {
        append(store, "Counted", 3, 1);
        poisoned.add(2L);
        RunningProjection running = runner.start(projection(
                new Retries(6, new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30))), ErrorPolicy.STOP), checkpoints);
        eventually("the first attempt failed", () -> attempts.containsKey(2L));
        long started = System.nanoTime();
        running.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(running.status().state()).isEqualTo(WorkerState.STOPPED);
        assertThat(running.status().checkpoint()).isEqualTo(Position.of(1));
    }

}
