package dev.vellum.examples.order;

import dev.vellum.process.CommandRouter;
import dev.vellum.process.RunningProcess;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.store.EventStore;
import dev.vellum.store.Position;
import dev.vellum.time.VellumClock;
import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.TimerState;
import dev.vellum.timer.sql.SqlTimerStore;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * The process manager with durable timers in the {@code vellum demo}: {@link OrderReminder} reads
 * the demo's orders from the start of the log, so each order is an instance whose reminder timer is
 * cancelled (the order was confirmed) or due, and prints them. The timers are kept in the read-model
 * database, so {@code vellum demo --serve} fires the due ones later. Works on any
 * {@link EventStore} with any {@link SqlReadModel}.
 */
public final class OrderReminderDemo {

    /**
     * What the process manager holds.
     *
     * @param instances how many instances it has
     * @param pending the reminders due later, earliest first
     * @param cancelled how many reminders were cancelled by a confirmation
     */
    public record Summary(long instances, List<StoredTimer> pending, long cancelled) {
    }

    private OrderReminderDemo() {
    }

    /** Runs the process manager over the log up to its head, with reminders {@code after} each order, and prints them. */
    public static Summary run(EventStore store, SqlReadModel readModel, Duration after, PrintStream out)
            throws InterruptedException {
        SqlTimerStore timers = new SqlTimerStore(readModel);
        try (RunningProcess<OrderReminder> process = OrderReminder.processManager(after, VellumClock.system())
                .start(store, readModel, timers, CommandRouter.builder().build())) {
            Position head = store.head();
            if (!process.awaitCheckpoint(head, Duration.ofSeconds(30))) {
                throw new IllegalStateException("The order reminders did not catch up to " + head + ": "
                        + process.status());
            }
            long instances = process.countInstances();
            long cancelled = process.instances("", (int) Math.max(1, instances)).stream()
                    .flatMap(i -> process.timers(i.id()).stream())
                    .filter(t -> t.state() == TimerState.CANCELLED).count();
            List<StoredTimer> pending = process.pendingTimers();
            out.printf("Process '%s': %d instances (one per order), %d reminders cancelled by a confirmation, "
                    + "%d due %d s after their order%n", OrderReminder.PROCESS, instances, cancelled, pending.size(),
                    after.toSeconds());
            pending.stream().limit(3).forEach(t -> out.printf("  reminder for order %s due at %s%n",
                    t.timer().payload(), t.timer().due()));
            return new Summary(instances, pending, cancelled);
        }
    }
}
