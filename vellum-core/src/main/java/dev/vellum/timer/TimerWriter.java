package dev.vellum.timer;

/**
 * Schedules timers inside a transaction that someone else opened and commits, so the timer is
 * stored together with other changes or not at all. A subscriber that decides to act on an event
 * (a reactor putting a side effect in its outbox) stores that decision in the same transaction as
 * its checkpoint: then a crash can neither lose the decision nor make it twice.
 *
 * <p>A SQL timer store writes through the transaction's connection; the in-memory store has no
 * transaction to join and stores at once, which is as good where nothing survives a crash anyway.
 * Either way scheduling is idempotent by timer id (see {@link TimerStore#schedule}).
 *
 * @param <C> the transaction's context, e.g. {@code SqlContext}
 */
public interface TimerWriter<C> {

    /** {@link TimerStore#schedule(Timer)} inside the transaction of {@code context}. */
    boolean schedule(C context, Timer timer);

    /** {@link TimerStore#hold(Timer)} inside the transaction of {@code context}. */
    boolean hold(C context, Timer timer);
}
