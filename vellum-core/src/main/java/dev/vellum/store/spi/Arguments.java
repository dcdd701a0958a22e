package dev.vellum.store.spi;

import dev.vellum.store.Deletion;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.StreamId;
import java.util.Objects;

/**
 * The argument checks every store runs before a read, a listing or a deletion, so all stores refuse
 * bad input alike, with the same typed errors and messages, before touching storage. Appends are
 * checked by {@link AppendValidation}.
 */
public final class Arguments {

    private Arguments() {
    }

    /** Checks the arguments of {@link dev.vellum.store.StreamReader#readStream(StreamId, ReadDirection, long, int)}. */
    public static void streamRead(StreamId stream, ReadDirection direction, long fromRevision, int limit) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(direction, "direction");
        limit(limit);
        if (fromRevision < 0) {
            throw new IllegalArgumentException("fromRevision must be 0 or more, got " + fromRevision);
        }
    }

    /** Checks the arguments of {@link dev.vellum.store.LogReader#readAll(Position, LogFilter, int)}. */
    public static void logRead(Position after, LogFilter filter, int limit) {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(filter, "filter");
        limit(limit);
    }

    /** Checks the arguments of {@link dev.vellum.store.StreamDeleter#delete(StreamId, ExpectedRevision, Deletion)}. */
    public static void delete(StreamId stream, ExpectedRevision expected, Deletion deletion) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(deletion, "deletion");
    }

    /** Checks the arguments of {@link dev.vellum.store.StreamCatalog}'s listings. */
    public static void listing(String prefix, String after, int limit) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(after, "after");
        limit(limit);
    }

    private static void limit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be 1 or more, got " + limit);
        }
    }
}
