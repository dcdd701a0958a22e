package dev.vellum.store.tck;

import static dev.vellum.store.ExpectedRevision.any;
import static dev.vellum.store.ExpectedRevision.exactly;
import static dev.vellum.store.ExpectedRevision.noStream;

import dev.vellum.store.EventData;
import dev.vellum.store.LogFilter;
import dev.vellum.store.MalformedJsonException;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.StreamId;
import dev.vellum.store.WrongExpectedRevisionException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 8 with generated input (issue 19): malformed JSON of many shapes hidden in a good batch,
 * expected revisions at and past the edges, and read positions, revisions and limits out of range,
 * drawn from jqwik generators (a fixed number of samples each, so the suite stays quick on every
 * store). Each call gets its typed error and changes nothing. Read arguments out of range are a
 * caller's mistake, refused with {@link IllegalArgumentException} before the store is asked.
 */
abstract class GeneratedBadInputTests extends StoreTestSupport {

    private static final int SAMPLES = 100;
    private static final Set<String> JSON_WORDS = Set.of("true", "false", "null");
    /** The letters and digits that read as a JSON number, such as {@code 42} or {@code 1e5} (not {@code 007}). */
    private static final Pattern JSON_NUMBER = Pattern.compile("(0|[1-9][0-9]*)([eE][0-9]+)?");

    private final StreamId order = StreamId.of("order-1");
    private final StreamId fresh = StreamId.of("order-2");

    @BeforeEach
    final void existingStream() {
        store.append(order, noStream(), events(2));
    }

    @Test
    void malformedJsonOfAnyShapeIsRejectedInsideAGoodBatch() {
        Arbitrary<String> word = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(30);
        Arbitrary<String> malformed = Arbitraries.oneOf(
                word.map(w -> "{\"k\":" + w),                     // an object never closed
                word.map(w -> "{" + w + ":1}"),                    // an unquoted name
                word.map(w -> "\"" + w),                           // a string never closed
                word.filter(w -> !JSON_WORDS.contains(w) && !JSON_NUMBER.matcher(w).matches()), // a bare word
                Arbitraries.integers().between(0, 99).map(n -> "[" + n + ","),
                word.map(w -> "{\"a\":\"" + w + "\"}}"),           // text after the value
                Arbitraries.of("", " ", "{", "}", "[1,]", "{\"a\":01}", "NaN", "'x'", "{\"a\" 1}"));
        malformed.sampleStream().limit(SAMPLES).forEach(json -> {
            List<EventData> batch = List.of(event("Good"), EventData.of("Bad", json), event("Good"));
            assertRejectedAndUnchanged(MalformedJsonException.class, () -> store.append(order, exactly(1), batch),
                    order, fresh);
            assertRejectedAndUnchanged(MalformedJsonException.class, () -> store.append(fresh, any(), batch),
                    order, fresh);
        });
    }

    @Test
    void expectedRevisionsPastTheEdgesAreRefusedWithTheActualRevision() {
        Arbitrary<Long> past = Arbitraries.oneOf(Arbitraries.longs().between(2, Long.MAX_VALUE),
                Arbitraries.of(2L, 3L, Long.MAX_VALUE));
        past.sampleStream().limit(SAMPLES).forEach(revision -> {
            assertWrongRevision(() -> store.append(order, exactly(revision), event("Late")), order, exactly(revision), 1);
            assertRejectedAndUnchanged(WrongExpectedRevisionException.class,
                    () -> store.append(fresh, exactly(revision - 2), event("Early")), order, fresh);
        });
        assertWrongRevision(() -> store.append(order, noStream(), event("Again")), order, noStream(), 1);
        assertWrongRevision(() -> store.append(order, exactly(0), event("Stale")), order, exactly(0), 1);
    }

    @Test
    void readPositionsRevisionsAndLimitsOutOfRangeAreRefused() {
        Arbitrary<Long> negative = Arbitraries.longs().lessOrEqual(-1);
        Arbitrary<Integer> notALimit = Arbitraries.integers().lessOrEqual(0);
        Arbitrary<ReadDirection> direction = Arbitraries.of(ReadDirection.class);
        Combinators.combine(negative, notALimit, direction).as(List::of).sampleStream().limit(SAMPLES).forEach(args -> {
            long from = (Long) args.get(0);
            int limit = (Integer) args.get(1);
            ReadDirection dir = (ReadDirection) args.get(2);
            assertRejectedAndUnchanged(IllegalArgumentException.class,
                    () -> store.readStream(order, dir, from, 10), order, fresh);
            assertRejectedAndUnchanged(IllegalArgumentException.class,
                    () -> store.readStream(order, dir, 0, limit), order, fresh);
            assertRejectedAndUnchanged(IllegalArgumentException.class,
                    () -> store.readAll(Position.START, LogFilter.all(), limit), order, fresh);
            assertRejectedAndUnchanged(IllegalArgumentException.class, () -> Position.of(from), order, fresh);
        });
    }
}
