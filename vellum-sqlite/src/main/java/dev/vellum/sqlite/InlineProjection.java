package dev.vellum.sqlite;

import dev.vellum.projection.InvalidProjectionException;
import dev.vellum.projection.Projection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.sqlite.projection.internal.ReadModelConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Objects;

/**
 * A SQL projection updated inside each append's own transaction, in the event store's file: once an
 * append returns, its read model already shows it, and a crash can never separate the two. For read
 * models that must be consistent with the write, e.g. a uniqueness check or a balance read right
 * after the command. Register it on the store's builder; read its tables, by their plain names,
 * from the store's file through {@link #openReader(Path)}.
 *
 * <pre>{@code
 * SqliteEventStore store = SqliteEventStore.builder(file)
 *         .inlineProjection(InlineProjection.failingTheAppend(customerEmails))
 *         .open();
 * }</pre>
 *
 * <p><b>When its handler throws</b>, {@link OnFailure} decides. The projection's
 * {@linkplain dev.vellum.projection.Projection#retries() retries} and
 * {@link dev.vellum.projection.ErrorPolicy} do not apply: retrying with backoff inside the writer
 * would hold up every other append.
 *
 * <p><b>Catching up and new versions.</b> When the store opens, each inline projection first
 * catches up from its checkpoint (all of the log, for a new version, into its own tables while the
 * old version's tables keep answering queries), before the store takes any append. A long history
 * makes that open slow: build big read models with an asynchronous projection instead.
 *
 * @param projection the projection; one partition, and a handler that writes through its context only
 * @param onFailure what a failing handler does to the append
 */
public record InlineProjection(Projection<SqlContext> projection, OnFailure onFailure) {

    /** What a failing inline projection does. */
    public enum OnFailure {
        /**
         * The append fails with a {@link dev.vellum.projection.ProjectionHandlerException} and nothing
         * of it is written; other appends committing with it are not affected. The read model can
         * refuse writes this way (a unique index, say). The default.
         */
        FAIL_APPEND,
        /**
         * The append succeeds without the projection: its writes for the append are rolled back, the
         * event is recorded as parked, and the projection stops following appends (status
         * {@code FAILED}, checkpoint before the event) until the store is opened again, when it
         * catches up from there. Its read model stays consistent as of its checkpoint.
         */
        ISOLATE
    }

    /** Checks the projection fits inline use. @throws InvalidProjectionException when it has partitions */
    public InlineProjection {
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(onFailure, "onFailure");
        if (projection.partitions() != 1) {
            throw new InvalidProjectionException("Inline projection '" + projection.id() + "' has "
                    + projection.partitions() + " partitions: an inline projection runs in the writer, in append order."
                    + " Remove the partitions or run it as an asynchronous projection.");
        }
    }

    /** An inline projection whose failure fails the append. */
    public static InlineProjection failingTheAppend(Projection<SqlContext> projection) {
        return new InlineProjection(projection, OnFailure.FAIL_APPEND);
    }

    /** An inline projection whose failure is isolated from the append. */
    public static InlineProjection isolated(Projection<SqlContext> projection) {
        return new InlineProjection(projection, OnFailure.ISOLATE);
    }

    /**
     * Opens a read-only connection to the event store's file {@code storeFile}, to query inline
     * projections' tables by their plain names; close it when done. It never blocks appends (WAL).
     */
    public static Connection openReader(Path storeFile) {
        return ReadModelConnections.openReader(storeFile);
    }
}
