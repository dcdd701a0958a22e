package dev.vellum.decider;

import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamAppender;
import dev.vellum.store.StreamId;
import dev.vellum.store.VellumException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decisions of one round of a batch: each command decided on the state the ones before it
 * left, the events to append for all of them, and, once the append is done, each command's result.
 * A command whose id an earlier command of the same round already carries gets that command's
 * result, as a resend does.
 *
 * @param <C> the commands
 * @param <S> the state
 * @param <E> the events
 */
final class BatchPlan<C, S, E> {

    /** What one decided command came to; {@code end} counts the round's events up to and including its own. */
    private sealed interface Step<E> {
        int end();
    }

    private record Appends<E>(List<E> events, int end) implements Step<E> {
    }

    private record Unchanged<E>(int end) implements Step<E> {
    }

    private record Rejects<E>(String code, String reason, int end) implements Step<E> {
    }

    private record Copy<E>(int original, int end) implements Step<E> {
    }

    private final StreamId stream;
    private final CommandOutcomes<C, E> outcomes;
    private final List<Queued<C, E>> decided = new ArrayList<>();
    private final List<Step<E>> steps = new ArrayList<>();
    private final List<EventData> data = new ArrayList<>();
    private final List<Queued<C, E>> leftOver = new ArrayList<>();
    private S state;

    private BatchPlan(StreamId stream, CommandOutcomes<C, E> outcomes, S state) {
        this.stream = stream;
        this.outcomes = outcomes;
        this.state = state;
    }

    /**
     * Decides {@code commands} in order on {@code loaded}, failing at once each command whose
     * decision throws, and stopping before a command whose events would not fit in one append.
     */
    static <C, S, E> BatchPlan<C, S, E> decide(StreamId stream, Decider<C, S, E> decider,
            CommandOutcomes<C, E> outcomes, List<Queued<C, E>> commands, Loaded<S> loaded) {
        BatchPlan<C, S, E> plan = new BatchPlan<>(stream, outcomes, loaded.state());
        Map<String, Integer> appendedBy = new HashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            Queued<C, E> command = commands.get(i);
            Integer original = appendedBy.get(command.commandId());
            if (original != null) {
                plan.add(command, new Copy<>(original, plan.data.size()));
                continue;
            }
            Decision<E> decision;
            List<EventData> these = List.of();
            S next = plan.state;
            try {
                decision = decider.decide(command.command(), plan.state);
                if (decision == null) {
                    throw new IllegalStateException("decide returned null for "
                            + command.command().getClass().getSimpleName() + " on '" + stream
                            + "': return Decision.accept() when nothing changes.");
                }
                if (decision instanceof Decision.Events<E> e && !e.events().isEmpty()) {
                    next = fold(decider, plan.state, e.events(), stream);
                    these = outcomes.serialize(stream, e.events(), command.metadata());
                }
            } catch (RuntimeException | Error e) {
                outcomes.failUnlessRecorded(stream, command, e);
                continue;
            }
            if (!plan.decided.isEmpty() && plan.data.size() + these.size() > StreamAppender.MAX_EVENTS_PER_APPEND) {
                plan.leftOver.addAll(commands.subList(i, commands.size()));
                break;
            }
            plan.data.addAll(these);
            switch (decision) {
                case Decision.Rejection<E> r -> plan.add(command, new Rejects<>(r.code(), r.reason(), plan.data.size()));
                case Decision.Events<E> e when e.events().isEmpty() -> plan.add(command, new Unchanged<>(plan.data.size()));
                case Decision.Events<E> e -> {
                    appendedBy.put(command.commandId(), plan.steps.size());
                    plan.add(command, new Appends<>(e.events(), plan.data.size()));
                }
            }
            plan.state = next;
        }
        return plan;
    }

    private static <S, E> S fold(Decider<?, S, E> decider, S state, List<E> events, StreamId stream) {
        S current = state;
        for (E event : events) {
            current = decider.evolve(current, event);
            if (current == null) {
                throw new IllegalStateException("evolve returned null for " + event.getClass().getSimpleName()
                        + " decided on stream '" + stream + "': return the state, even unchanged.");
            }
        }
        return current;
    }

    private void add(Queued<C, E> command, Step<E> step) {
        decided.add(command);
        steps.add(step);
    }

    /** The commands decided, in order (not those that failed, nor those left over). */
    List<Queued<C, E>> decided() {
        return decided;
    }

    /** The events of every decided command, in order: what the round appends. */
    List<EventData> data() {
        return data;
    }

    /** The commands there was no room for in this round's append. */
    List<Queued<C, E>> leftOver() {
        return leftOver;
    }

    /** Gives each command its result when the round appends nothing, decided on {@code loaded}, a state just read. */
    void finishWithoutAppend(Loaded<S> loaded) {
        for (int i = 0; i < steps.size(); i++) {
            finish(i, null, loaded.revision(), loaded.position());
        }
    }

    /**
     * Gives each command its result after the round's append committed.
     *
     * @return the state after the append, or {@code null} when the store recorded something else
     *     than this round's events at the revisions they were expected at (a soft-deleted stream
     *     whose revisions went on, or the events of an earlier append recognised by their ids)
     */
    Loaded<S> finishAfterAppend(EventStore store, Loaded<S> loaded, long base, AppendResult appended) {
        int total = data.size();
        List<CommandResult<E>> results = new ArrayList<>(steps.size());
        if (appended.revision() != base + total) {
            long revision = loaded.revision();
            Position position = loaded.position();
            for (int i = 0; i < steps.size(); i++) {
                CommandResult<E> result = steps.get(i) instanceof Appends<E>
                        ? fromLog(decided.get(i))
                        : finish(i, results, revision, position);
                if (result instanceof CommandResult.Accepted<E> a && !a.events().isEmpty()) {
                    revision = a.revision();
                    position = a.position();
                }
                results.add(result);
            }
            return null;
        }
        Position[] positions = positions(store, base, appended);
        for (int i = 0; i < steps.size(); i++) {
            int end = steps.get(i).end();
            results.add(finish(i, results, end == 0 ? loaded.revision() : base + end,
                    end == 0 ? loaded.position() : positions[end - 1]));
        }
        return new Loaded<>(state, appended.revision(), appended.position(),
                loaded.firstRevision() >= 0 ? loaded.firstRevision() : base + 1, loaded.snapshotRevision());
    }

    /**
     * The position of each event a result needs: the append tells the last one's; the others are
     * read back once, in one read of the round's events, or one by one by id if that read does not
     * show them as appended.
     */
    private Position[] positions(EventStore store, long base, AppendResult appended) {
        int total = data.size();
        Position[] positions = new Position[total];
        positions[total - 1] = appended.position();
        boolean needed = steps.stream().anyMatch(s -> s.end() > 0 && s.end() < total);
        if (!needed) {
            return positions;
        }
        List<RecordedEvent> back = store.readStream(stream, ReadDirection.FORWARDS, base + 1, total);
        boolean asAppended = back.size() == total;
        for (int k = 0; asAppended && k < total; k++) {
            asAppended = back.get(k).id().equals(data.get(k).id());
        }
        for (Step<E> step : steps) {
            int k = step.end() - 1;
            if (k >= 0 && positions[k] == null) {
                positions[k] = asAppended ? back.get(k).position() : store.readEvent(data.get(k).id())
                        .map(RecordedEvent::position)
                        .orElseThrow(() -> new VellumException("An append to '" + stream
                                + "' succeeded but its events cannot be found by id: the store breaks its contract."));
            }
        }
        return positions;
    }

    /** Gives {@code command} the result the log holds for it; {@code null} when that fails. */
    private CommandResult<E> fromLog(Queued<C, E> command) {
        try {
            CommandResult<E> result = outcomes.recorded(stream, command).orElseThrow(() ->
                    new VellumException("The append of command '" + command.commandId() + "' to '" + stream
                            + "' succeeded but its events cannot be found by id: the store breaks its contract."));
            command.succeed(result);
            return result;
        } catch (RuntimeException e) {
            command.fail(e);
            return null;
        }
    }

    /**
     * Gives decided command {@code i} its result, the stream standing at {@code revision} and
     * {@code position} after its events (or before it, when it has none); {@code null} when it failed.
     */
    private CommandResult<E> finish(int i, List<CommandResult<E>> earlier, long revision, Position position) {
        Queued<C, E> command = decided.get(i);
        try {
            CommandResult<E> result = switch (steps.get(i)) {
                case Appends<E> a -> new CommandResult.Accepted<>(a.events(), revision, position);
                case Copy<E> c -> earlier.get(c.original());
                case Unchanged<E> u -> recordedMeanwhile(command)
                        .orElseGet(() -> new CommandResult.Accepted<>(List.of(), revision, position));
                case Rejects<E> r -> recordedMeanwhile(command)
                        .orElseGet(() -> outcomes.rejected(stream, command.command(), command.metadata(), r.code(),
                                r.reason()));
            };
            if (result == null) {
                throw new VellumException("Command '" + command.commandId() + "' was sent twice at once on '" + stream
                        + "' and its first copy failed; send it again.");
            }
            command.succeed(result);
            return result;
        } catch (RuntimeException e) {
            command.fail(e);
            return null;
        }
    }

    /**
     * For a decision that appends nothing: the command's original result if the log holds its events
     * (a resend, or a copy that committed meanwhile), so the state just decided on already holds them
     * and the rejection or no-op is about the command's own effect. Commands are looked up only here
     * and when an append or a decision fails: an accepted command's append finds a recorded copy by
     * its event ids, so the usual command costs no look-up.
     */
    private Optional<CommandResult<E>> recordedMeanwhile(Queued<C, E> command) {
        return command.mayBeRecorded() ? outcomes.recorded(stream, command) : Optional.empty();
    }
}
