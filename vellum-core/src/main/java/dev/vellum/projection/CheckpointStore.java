package dev.vellum.projection;

import dev.vellum.store.Position;
import dev.vellum.time.TransientFailure;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The port for where a projection's progress lives: its checkpoints, its parked events, and which
 * version of it serves queries. A {@link ProjectionRunner} applies each batch of events in one
 * {@link Transaction}, handing the handler {@link Transaction#context()}, and saves the checkpoint
 * in that same transaction. A store whose context carries the read model's own transaction (a SQL
 * read model in the same database as its checkpoints) therefore applies each event exactly once;
 * any other destination gets each event at least once.
 *
 * <p>Implementations: {@link dev.vellum.projection.memory.InMemoryCheckpointStore} (tests and
 * in-memory read models), the SQL read models in {@code vellum-sqlite} and {@code vellum-postgres}.
 * They are thread-safe; transactions of one store are used by one thread each.
 *
 * @param <C> the context handlers write through
 */
public interface CheckpointStore<C extends ProjectionContext> {

    /**
     * True when writes through {@link Transaction#context()} commit or roll back with the checkpoint,
     * so a handler that writes only through the context applies each event exactly once.
     */
    boolean exactlyOnce();

    /** The saved checkpoints of a projection version; empty when it never started (or was dropped). */
    Optional<Checkpoints> checkpoints(ProjectionId projection);

    /**
     * The projection version and generation of {@code name} that serves queries; empty when none has
     * started.
     */
    Optional<ProjectionId> active(String name);

    /** The version of projection {@code name} that serves queries; empty when none has started. */
    default OptionalInt activeVersion(String name) {
        return active(name).map(id -> OptionalInt.of(id.version())).orElse(OptionalInt.empty());
    }

    /** The parked events of a projection version, in position order. */
    List<ParkedEvent> parkedEvents(ProjectionId projection);

    /** Starts a unit of work for {@code projection}; close it without committing to roll it back. */
    Transaction<C> begin(ProjectionId projection);

    /**
     * True when {@code error}, thrown by a unit of work here (by the store or by a handler writing
     * through the context), is one that waiting can cure: the database unreachable, a connection lost.
     * Runners retry those for as long as they last instead of failing or parking. By default, errors
     * marked {@link TransientFailure}; SQL stores also recognise their driver's errors.
     */
    default boolean isTransient(Throwable error) {
        return TransientFailure.isIn(error);
    }

    /**
     * One unit of work of one projection version: the handler's writes through {@link #context()}
     * and every change below commit together or not at all.
     *
     * @param <C> the context handlers write through
     */
    interface Transaction<C> extends AutoCloseable {

        /** What the handler writes through in this unit of work. */
        C context();

        /** The saved checkpoints of any projection version, as this transaction sees them. */
        Optional<Checkpoints> checkpoints(ProjectionId projection);

        /** The active version and generation of this projection's name, as this transaction sees it. */
        Optional<ProjectionId> active();

        /** The active version of this projection's name, as this transaction sees it. */
        default OptionalInt activeVersion() {
            return active().map(id -> OptionalInt.of(id.version())).orElse(OptionalInt.empty());
        }

        /** Replaces this version's checkpoints, partition layout included. */
        void resetCheckpoints(Checkpoints checkpoints);

        /** Moves one partition's checkpoint; the layout was saved by {@link #resetCheckpoints}. */
        void saveCheckpoint(int partition, Position position);

        /** Keeps a parked event, replacing one parked before at the same position. */
        void park(ParkedEvent event);

        /** Removes the parked event at {@code position}; false when there is none. */
        boolean unpark(Position position);

        /**
         * Makes this version and generation the one that serves queries (a SQL store points its views
         * at its tables).
         */
        void activate();

        /** Removes this version's read model (a SQL store drops its tables), checkpoints and parked events. */
        void drop();

        /**
         * Runs the writes the handlers deferred to the end of the transaction (a SQL context's
         * {@code batch}), so a failure among them shows here, before the checkpoint is saved; a
         * context that defers nothing does nothing. {@link #commit} runs what is left all the same.
         */
        default void flush() {
        }

        /**
         * Whether a deferred write failed in this transaction: its error then belongs to one of the
         * events whose writes were deferred, not necessarily to the one whose handler saw it.
         */
        default boolean deferredWriteFailed() {
            return false;
        }

        /** Commits everything done in this transaction. */
        void commit();

        /** Ends the transaction, rolling it back unless it was committed. */
        @Override
        void close();
    }
}
