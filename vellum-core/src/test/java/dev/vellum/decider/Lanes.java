package dev.vellum.decider;

import dev.vellum.decider.Accounts.Account;
import dev.vellum.decider.Accounts.AccountCommand;
import dev.vellum.decider.Accounts.AccountEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Puts commands in a handler's queue for one stream in a known order: the first command's
 * decision waits behind a gate, and each next command is sent from its own thread once the one
 * before it waits in the queue. Opening the gate lets the first command go, and the queued ones
 * follow as one batch.
 */
final class Lanes {

    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicBoolean held = new AtomicBoolean();
    private final List<FutureTask<Object>> sent = new ArrayList<>();

    /** {@code decider}, whose first decision waits until {@link #open()}. */
    Decider<AccountCommand, Account, AccountEvent> gated(Decider<AccountCommand, Account, AccountEvent> decider) {
        return Decider.of(decider.initialState(), (command, state) -> {
            if (held.compareAndSet(false, true)) {
                await();
            }
            return decider.decide(command, state);
        }, decider::evolve);
    }

    private void await() {
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a command from a thread of its own and returns once that thread waits (behind the gate or in the queue). */
    void send(Callable<Object> command) throws InterruptedException {
        FutureTask<Object> task = new FutureTask<>(() -> {
            try {
                return command.call();
            } catch (RuntimeException e) {
                return e;
            }
        });
        Thread thread = Thread.ofPlatform().daemon().start(task);
        sent.add(task);
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING
                && !task.isDone()) {
            Thread.sleep(1);
        }
    }

    /** Opens the gate and returns each command's outcome (its result, or the exception it raised), in the order sent. */
    List<Object> open() throws InterruptedException, ExecutionException {
        gate.countDown();
        List<Object> outcomes = new ArrayList<>();
        for (FutureTask<Object> task : sent) {
            outcomes.add(task.get());
        }
        return outcomes;
    }
}
