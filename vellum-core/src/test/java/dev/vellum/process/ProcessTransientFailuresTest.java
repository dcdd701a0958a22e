package dev.vellum.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.CommandHandler;
import dev.vellum.process.ProcessManagerTest.Answer;
import dev.vellum.process.ProcessManagerTest.Ping;
import dev.vellum.process.ProcessManagerTest.Pong;
import dev.vellum.process.ProcessManagerTest.RoundEvent;
import dev.vellum.retry.Retries;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StoreUnavailableException;
import dev.vellum.store.StreamId;
import dev.vellum.store.internal.FlakyCheckpointStore;
import dev.vellum.store.internal.FlakyLogStore;
import dev.vellum.time.Backoff;
import dev.vellum.time.ManualClock;
import dev.vellum.timer.memory.InMemoryTimerStore;
import dev.vellum.worker.WorkerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19.1 for process managers: a log that cannot be read for a while, and a checkpoint store that
 * refuses more units of work than the process's event retries allow, leave it {@code RETRYING}; it then
 * sends each command once.
 */
class ProcessTransientFailuresTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final FlakyLogStore store = new FlakyLogStore();
    private final FlakyCheckpointStore checkpoints = new FlakyCheckpointStore();

    @AfterEach
    void close() {
        store.close();
    }

    private ProcessManager<String, RoundEvent> rounds() {
        return ProcessManager.<String, RoundEvent>builder("rounds", ProcessManagerTest.TYPES, RoundEvent.class)
                .categories("ping")
                .correlate((event, recorded) -> event instanceof Ping p ? Optional.of(p.round()) : Optional.empty())
                .decider(ProcessManagerTest.ROUND)
                .actions(event -> switch (event) {
                    case RoundEvent.Started s -> List.of(ProcessAction.send(StreamId.of("pong", "all"), new Answer(s.round())));
                    case RoundEvent.Answered a -> List.of();
                    case RoundEvent.Closed c -> List.of();
                })
                .clock(clock)
                .eventRetries(new Retries(2, new Backoff(Duration.ofMillis(1), Duration.ofMillis(5))))
                .build();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aProcessRidesOutAnUnreadableLogAndARefusingCheckpointStoreAndSendsEachCommandOnce() throws Exception {
        CommandRouter router = CommandRouter.builder().route(Answer.class,
                CommandHandler.builder(store, ProcessManagerTest.TYPES, Pong.class, ProcessManagerTest.PONGS).build()).build();
        try (RunningProcess<String> process = rounds().start(store, checkpoints, new InMemoryTimerStore(), router)) {
            store.failReads(Integer.MAX_VALUE);
            store.append(StreamId.of("ping", 1), ExpectedRevision.any(), ProcessManagerTest.TYPES.serialize(new Ping("r1")));
            await("retrying reads", () -> process.status().state() == WorkerState.RETRYING);
            assertThat(process.status().retrying().lastError()).isInstanceOf(StoreUnavailableException.class);
            store.failReads(0);
            await("r1 answered", () -> process.instance("r1").state().equals("answered"));

            checkpoints.fail(5); // more than twice what its event retries allow
            store.append(StreamId.of("ping", 2), ExpectedRevision.any(), ProcessManagerTest.TYPES.serialize(new Ping("r2")));
            await("retrying the checkpoint", () -> process.status().state() == WorkerState.RETRYING);
            await("r2 answered", () -> process.instance("r2").state().equals("answered"));
            await("the checkpoint saved", () -> checkpoints.failed() == 5 && process.status().retrying() == null);
            assertThat(process.failure()).isEmpty();
            assertThat(store.readStream(StreamId.of("pong-all"))).as("each command once").hasSize(2);
        }
    }
}
