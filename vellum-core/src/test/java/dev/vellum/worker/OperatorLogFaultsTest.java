package dev.vellum.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.Position;
import dev.vellum.store.internal.FlakyLogStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The operator log's follower when the store does not answer: an action carried out for another node
 * meanwhile gets its outcome recorded once the store is back, and is not carried out twice.
 */
class OperatorLogFaultsTest {

    private static final String WORKER = "timers.nudges";

    @Test
    void anOutcomeTheStoreDidNotTakeIsRecordedOnceItAnswersAndTheActionIsDoneOnce() throws Exception {
        AtomicInteger pauses = new AtomicInteger();
        try (FlakyLogStore store = new FlakyLogStore();
                WorkerRegistry here = WorkerRegistry.open(store, "node-1");
                WorkerRegistry there = WorkerRegistry.open(store, "node-2")) {
            here.register(new Paused(WorkerState.LIVE, () -> {
                pauses.incrementAndGet();
                store.failAppends(1); // the database goes away while the action is carried out
            }));
            there.register(new Paused(WorkerState.STANDBY, () -> {
                throw new AssertionError("a standby worker is not paused here");
            }));

            ActionOutcome sent = there.act(OperatorAction.of(WORKER, WorkerControl.PAUSE, null, "ann", "a test"));
            assertThat(sent.result()).isEqualTo(ActionOutcome.Result.SENT);

            Optional<ActionOutcome> outcome = there.awaitOutcome(sent.action(), Duration.ofSeconds(10));
            assertThat(outcome).as("the outcome recorded once the store answered").isPresent();
            assertThat(outcome.get().result()).isEqualTo(ActionOutcome.Result.DONE);
            assertThat(outcome.get().node()).isEqualTo("node-1");
            assertThat(pauses).as("carried out once").hasValue(1);
        }
    }

    /** A worker whose pause runs {@code onPause}, in state {@code state}. */
    private record Paused(WorkerState state, Runnable onPause) implements Worker {
        @Override
        public String name() {
            return WORKER;
        }

        @Override
        public WorkerKind kind() {
            return WorkerKind.TIMER_SCHEDULER;
        }

        @Override
        public WorkerStatus status() {
            return new WorkerStatus(WORKER, kind(), state, Position.START, Position.START, 0, Duration.ZERO, 0, null, 0,
                    0, 0, null, null, Instant.now(), null, null);
        }

        @Override
        public Set<WorkerControl> controls() {
            return Set.of(WorkerControl.PAUSE, WorkerControl.RESUME);
        }

        @Override
        public void pause() {
            onPause.run();
        }

        @Override
        public void resume() {
        }
    }
}
