package dev.vellum.decider;

import dev.vellum.decider.internal.Bound;
import dev.vellum.retry.Retries;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.IdempotencyConflictException;
import dev.vellum.store.StreamId;
import dev.vellum.store.VellumException;
import dev.vellum.store.WrongExpectedRevisionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides a batch of commands for one stream, in the order they were queued, each on the state the
 * ones before it left, and appends all their events as one atomic append with the exact expected
 * revision. Each command gets its own outcome: a rejection or a decision that changes nothing is
 * final once the batch's append committed (or, for a batch that appends nothing, on a state just
 * read); a command whose {@code decide}, {@code evolve} or serialization throws fails alone and the
 * batch goes on without it. When another writer appended first, the whole batch is decided again
 * on a fresh state, as the {@link Retries} allow. When the append fails for another reason and
 * the batch holds several commands, each is run again alone, so that one command's bad event (or a
 * command recorded meanwhile by another node) answers for itself only.
 *
 * @param <C> the commands
 * @param <S> the state
 * @param <E> the events
 */
final class CommandBatches<C, S, E> {

    private final EventStore store;
    private final Decider<C, S, E> decider;
    private final Retries retries;
    private final StateLoader<S, E> loader;
    private final SnapshotTaker<S> snapshots;
    private final CommandOutcomes<C, E> outcomes;
    private final ContentionCounters counters;

    /**
     * @param outcomes how events are written, results found in the log and rejections recorded
     * @param counters where contention is counted
     */
    public CommandBatches(EventStore store, Decider<C, S, E> decider, Retries retries, StateLoader<S, E> loader,
            SnapshotTaker<S> snapshots, CommandOutcomes<C, E> outcomes, ContentionCounters counters) {
        this.store = store;
        this.decider = decider;
        this.retries = retries;
        this.loader = loader;
        this.snapshots = snapshots;
        this.outcomes = outcomes;
        this.counters = counters;
    }

    /**
     * Gives every command of {@code batch} its outcome.
     *
     * @param kept the state the previous batch of this stream ended in, or {@code null} to read it
     * @return the state after the batch, for the next one, or {@code null} when it is not known
     */
    Loaded<S> run(StreamId stream, List<Queued<C, E>> batch, Loaded<S> kept) {
        List<Queued<C, E>> rest = batch;
        Loaded<S> state = kept;
        while (!rest.isEmpty()) {
            Round<C, S, E> round = decideAndAppend(stream, rest, state);
            state = round.after();
            rest = round.leftOver();
        }
        return state;
    }

    /**
     * Decides as many of {@code commands} as one append may carry, appends them, and says which are
     * left for the next round.
     */
    private Round<C, S, E> decideAndAppend(StreamId stream, List<Queued<C, E>> commands, Loaded<S> kept) {
        List<Queued<C, E>> pending = new ArrayList<>(commands);
        boolean fresh = kept == null;
        Loaded<S> loaded = fresh ? loader.load(stream, Bound.LATEST) : kept;
        int conflicts = 0;
        long hiddenRevision = -1;
        while (true) {
            BatchPlan<C, S, E> plan = BatchPlan.decide(stream, decider, outcomes, pending, loaded);
            pending = new ArrayList<>(plan.decided());
            if (plan.data().isEmpty()) {
                if (!fresh && !plan.decided().isEmpty()) {
                    // a kept state answers only through an append; with none, read the store first
                    counters.reload();
                    loaded = loader.load(stream, Bound.LATEST);
                    fresh = true;
                    continue;
                }
                plan.finishWithoutAppend(loaded);
                return new Round<>(loaded, plan.leftOver());
            }
            long base = loaded.revision() >= 0 ? loaded.revision() : hiddenRevision;
            AppendResult appended;
            try {
                appended = store.append(stream, base < 0 ? ExpectedRevision.noStream() : ExpectedRevision.exactly(base),
                        plan.data());
                counters.appended();
            } catch (WrongExpectedRevisionException conflict) {
                counters.conflict();
                if (!fresh) {
                    counters.stale();
                }
                // With no readable event the stream is new, or truncated past its end: then the
                // conflict tells its revision, which no read shows, and the next try expects it.
                boolean firstSight = loaded.revision() < 0 && hiddenRevision < 0;
                if (loaded.revision() < 0) {
                    hiddenRevision = conflict.actualRevision();
                }
                boolean atOnce = firstSight || !fresh;
                if (!atOnce && ++conflicts > retries.retries()) {
                    for (Queued<C, E> command : pending) {
                        outcomes.failUnlessRecorded(stream, command, new CommandConflictException(stream,
                                command.commandId(), conflicts, conflict.actualRevision(), conflict));
                    }
                    counters.gaveUp(pending.size());
                    return new Round<>(null, plan.leftOver());
                }
                if (!atOnce) {
                    counters.retry();
                    if (!pause(retries.backoff().fullJitter(conflicts, ThreadLocalRandom.current()), stream, pending)) {
                        return new Round<>(null, plan.leftOver());
                    }
                }
                counters.reload();
                loaded = loader.load(stream, Bound.LATEST);
                fresh = true;
                continue;
            } catch (RuntimeException failure) {
                if (plan.decided().size() == 1) {
                    Queued<C, E> only = plan.decided().getFirst();
                    if (failure instanceof IdempotencyConflictException e) {
                        // another handler recorded this command between our look-up and our append
                        only.succeed(outcomes.recorded(stream, only).orElseThrow(() -> e));
                    } else {
                        outcomes.failUnlessRecorded(stream, only, failure);
                    }
                    return new Round<>(null, plan.leftOver());
                }
                for (Queued<C, E> command : plan.decided()) {
                    alone(stream, command);
                }
                return new Round<>(null, plan.leftOver());
            }
            Loaded<S> after = plan.finishAfterAppend(store, loaded, base, appended);
            if (after != null) {
                long snapshotRevision = snapshots.afterAppend(stream, loaded, base, after::state, after.revision(),
                        plan.data().getLast().id());
                after = new Loaded<>(after.state(), after.revision(), after.position(), after.firstRevision(),
                        snapshotRevision);
            }
            return new Round<>(after, plan.leftOver());
        }
    }

    /** Runs one command of a failed batch again by itself, first looking for a copy recorded meanwhile. */
    private void alone(StreamId stream, Queued<C, E> command) {
        try {
            var earlier = outcomes.recorded(stream, command);
            if (earlier.isPresent()) {
                command.succeed(earlier.get());
                return;
            }
            Queued<C, E> again = new Queued<>(command.command(), command.metadata(), true);
            decideAndAppend(stream, List.of(again), null); // which gives it an outcome on every path
            try {
                if (again.answeredFromLog()) {
                    command.answerFromLog();
                }
                command.succeed(again.outcome());
            } catch (RuntimeException | Error e) {
                command.fail(e);
            }
        } catch (RuntimeException e) {
            command.fail(e);
        }
    }

    /** Waits before a retry; false when interrupted, each command then failed. */
    private static <C, E> boolean pause(Duration delay, StreamId stream, List<Queued<C, E>> commands) {
        try {
            Thread.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (Queued<C, E> command : commands) {
                command.fail(new VellumException("Interrupted while waiting to retry command '" + command.commandId()
                        + "' on '" + stream + "' after a conflict; nothing of it was appended.", e));
            }
            return false;
        }
    }

    /** What a round left: the state after it (or {@code null}), and the commands it had no room for. */
    private record Round<C, S, E>(Loaded<S> after, List<Queued<C, E>> leftOver) {
    }
}
