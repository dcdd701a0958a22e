package dev.vellum.decider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.serde.EventTypes;
import dev.vellum.snapshot.SnapshotPolicy;
import dev.vellum.snapshot.StateFormat;
import dev.vellum.snapshot.memory.InMemorySnapshotStore;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * For random histories and random snapshot points, the state loaded with snapshots equals the state
 * folded from all events: now, and as of every revision. The state is order-sensitive (a running
 * digest), so a snapshot that skipped, repeated or reordered an event would show.
 */
class SnapshotPropertyTest {

    record Noted(int value) {
    }

    record Note(int value) {
    }

    /**
     * @param sum the sum of the values
     * @param count how many events
     * @param digest a hash over the values in order
     */
    record Tally(long sum, int count, int digest) {
        static final Tally ZERO = new Tally(0, 0, 17);
    }

    private static final EventTypes TYPES = EventTypes.builder().register("Noted", Noted.class).build();
    private static final Decider<Note, Tally, Noted> DECIDER = Decider.of(Tally.ZERO,
            (note, tally) -> Decision.accept(new Noted(note.value())),
            (t, e) -> new Tally(t.sum() + e.value(), t.count() + 1, 31 * t.digest() + e.value()));

    /**
     * One step of a history: append a value, or (when {@code dropSnapshots}) throw every snapshot away first.
     *
     * @param value the value noted
     * @param dropSnapshots whether the snapshots are deleted before this step
     */
    record Step(int value, boolean dropSnapshots) {
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(-1_000, 1_000),
                Arbitraries.integers().between(0, 9).map(n -> n == 0)).as(Step::new);
        return step.list().ofMinSize(0).ofMaxSize(120);
    }

    @Property(tries = 200)
    void loadingWithSnapshotsEqualsFoldingEveryEvent(@ForAll("histories") List<Step> history,
            @ForAll @IntRange(min = 1, max = 25) int every) {
        StreamId stream = StreamId.of("tally-1");
        InMemorySnapshotStore snapshots = new InMemorySnapshotStore();
        try (EventStore store = new InMemoryEventStore()) {
            CommandHandler<Note, Tally, Noted> withSnapshots = CommandHandler.builder(store, TYPES, Noted.class, DECIDER)
                    .snapshots(snapshots, SnapshotPolicy.every(every), StateFormat.json("tally", 1, Tally.class))
                    .build();
            CommandHandler<Note, Tally, Noted> folding = CommandHandler.builder(store, TYPES, Noted.class, DECIDER).build();

            for (Step step : history) {
                if (step.dropSnapshots()) {
                    snapshots.delete(stream);
                }
                withSnapshots.handle(stream, new Note(step.value()));
                assertThat(withSnapshots.load(stream)).isEqualTo(folding.load(stream));
            }
            Tally expected = DECIDER.fold(Tally.ZERO, history.stream().map(s -> new Noted(s.value())).toList());
            assertThat(withSnapshots.load(stream).state()).isEqualTo(expected);
            for (int revision = 0; revision < history.size(); revision++) {
                assertThat(withSnapshots.loadAsOf(stream, revision)).isEqualTo(folding.loadAsOf(stream, revision));
            }
        }
    }

    /** What happens to the stream after a step's value is noted. */
    enum Deletion {
        NONE, TRUNCATE, SOFT_DELETE
    }

    @Provide
    Arbitrary<List<Deletion>> deletions() {
        return Arbitraries.frequency(Tuple.of(20, Deletion.NONE), Tuple.of(2, Deletion.TRUNCATE),
                Tuple.of(1, Deletion.SOFT_DELETE)).list().ofMaxSize(120);
    }

    /** Truncations and soft deletes hide events; a snapshot that folded hidden events must not be used. */
    @Property(tries = 200)
    void deletionsNeverMakeSnapshotsDisagree(@ForAll("deletions") List<Deletion> steps,
            @ForAll @IntRange(min = 1, max = 10) int every, @ForAll Random random) {
        StreamId stream = StreamId.of("tally-1");
        try (EventStore store = new InMemoryEventStore()) {
            CommandHandler<Note, Tally, Noted> withSnapshots = CommandHandler.builder(store, TYPES, Noted.class, DECIDER)
                    .snapshots(new InMemorySnapshotStore(), SnapshotPolicy.every(every),
                            StateFormat.json("tally", 1, Tally.class))
                    .build();
            CommandHandler<Note, Tally, Noted> folding = CommandHandler.builder(store, TYPES, Noted.class, DECIDER).build();

            for (Deletion step : steps) {
                CommandResult<Noted> noted = withSnapshots.handle(stream, new Note(random.nextInt(100)));
                long revision = ((CommandResult.Accepted<Noted>) noted).revision();
                switch (step) {
                    case NONE -> { }
                    case TRUNCATE -> store.delete(stream, ExpectedRevision.any(),
                            dev.vellum.store.Deletion.truncateBefore(random.nextLong(revision + 2)));
                    case SOFT_DELETE -> store.delete(stream, ExpectedRevision.any(), dev.vellum.store.Deletion.soft());
                }
                assertThat(withSnapshots.load(stream)).isEqualTo(folding.load(stream));
            }
        }
    }
}
