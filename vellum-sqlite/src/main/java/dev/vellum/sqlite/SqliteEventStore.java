package dev.vellum.sqlite;

import dev.vellum.jdbc.JdbcEventStore;
import dev.vellum.jdbc.spi.WriteQueue;
import dev.vellum.snapshot.SnapshotStore;
import dev.vellum.sqlite.internal.SqliteEngine;
import dev.vellum.sqlite.internal.SqliteSnapshotStore;
import dev.vellum.sqlite.internal.WriterSettings;
import dev.vellum.sqlite.internal.inline.InlineProjections;
import dev.vellum.store.spi.AppendSignal;
import dev.vellum.worker.WorkerStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The embedded event store: one SQLite database file in WAL mode, written by one group-commit
 * thread (concurrent appends share one transaction and one fsync), read through a small pool of
 * connections that never wait for the writer. One process owns the file; a second store on it
 * gets a {@link DatabaseInUseException}.
 *
 * <pre>{@code
 * try (SqliteEventStore store = SqliteEventStore.open(Path.of("events.db"))) {
 *     store.append(StreamId.of("order-42"), ExpectedRevision.noStream(),
 *             EventData.of("OrderPlaced", "{\"total\":42}"));
 * }
 * }</pre>
 *
 * <p>Deletions are logical: stream reads hide deleted events, the global log keeps them.
 */
public final class SqliteEventStore extends JdbcEventStore {

    private final SqliteEngine engine;
    private final InlineProjections inline;
    private final SnapshotStore snapshots;

    /** Takes an engine {@link #openWith(Builder)} opened with {@code inline} as its append hook. */
    private SqliteEventStore(Builder builder, SqliteEngine engine, AppendSignal signal, InlineProjections inline) {
        super("'" + builder.file + "'", engine, signal);
        this.engine = engine;
        this.inline = inline;
        this.snapshots = new SqliteSnapshotStore(engine);
        try {
            inline.open(builder.file, builder.durability.pragmaValue(), this); // before anyone can append
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /**
     * Opens the engine with the inline projections as its append hook, then the store, which
     * catches the projections up before it is returned, so before anyone can append.
     */
    private static SqliteEventStore openWith(Builder builder) {
        AppendSignal signal = new AppendSignal();
        InlineProjections inline = new InlineProjections();
        builder.inline.forEach(p -> inline.add(p.projection(), p.onFailure() == InlineProjection.OnFailure.ISOLATE));
        SqliteEngine engine = SqliteEngine.open(builder.file, builder.durability.pragmaValue(), builder.readConnections,
                builder.writeQueueCapacity, signal, inline, DatabaseInUseException::new);
        return new SqliteEventStore(builder, engine, signal, inline);
    }

    /** Opens (creating when missing) the store in {@code file} with the default settings. */
    public static SqliteEventStore open(Path file) {
        return builder(file).open();
    }

    /** Starts configuring a store in {@code file}. */
    public static Builder builder(Path file) {
        return new Builder(file);
    }

    /**
     * The snapshot store kept in this store's database file (table {@code snapshots}). Its saves go
     * through this store's group-commit writer; it closes with this store.
     */
    public SnapshotStore snapshots() {
        return snapshots;
    }

    /**
     * The status of each inline projection registered on the builder: live, or failed and left out
     * of appends until the store is opened again (see {@link InlineProjection.OnFailure}).
     */
    public List<WorkerStatus> inlineProjections() {
        return inline.statuses(!isClosed());
    }

    /** What SQLite reports for the write connection; for tests and diagnostics. */
    WriterSettings writerSettings() {
        return engine.writerSettings();
    }

    /** How many write transactions committed since opening; for tests and diagnostics. */
    long commits() {
        return engine.commits();
    }

    /** Settings for {@link SqliteEventStore}; each has a sensible default. */
    public static final class Builder {

        private final Path file;
        private Durability durability = Durability.FULL;
        private int readConnections = Math.clamp(Runtime.getRuntime().availableProcessors(), 2, 8);
        private int writeQueueCapacity = 10_000;
        private final List<InlineProjection> inline = new ArrayList<>();

        private Builder(Path file) {
            this.file = Objects.requireNonNull(file, "file");
        }

        /** How hard commits are made durable; {@link Durability#FULL} unless set. */
        public Builder synchronous(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        /** How many read connections the pool keeps; by default the number of processors, 2 to 8. */
        public Builder readConnections(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("readConnections must be 1 or more, got " + count);
            }
            this.readConnections = count;
            return this;
        }

        /**
         * How many appends and deletes may wait for the writer before callers block; 10,000 unless
         * set.
         */
        public Builder writeQueueCapacity(int capacity) {
            this.writeQueueCapacity = WriteQueue.checkCapacity(capacity);
            return this;
        }

        /**
         * Adds a projection updated inside each append's transaction, with its tables in this file.
         * At open it first catches up with the log; see {@link InlineProjection}.
         */
        public Builder inlineProjection(InlineProjection projection) {
            this.inline.add(Objects.requireNonNull(projection, "projection"));
            return this;
        }

        /**
         * Opens the store, creating the file and its schema when missing, and catches the inline
         * projections up.
         *
         * @throws DatabaseInUseException when another store, in this process or another, has it open
         * @throws dev.vellum.projection.ProjectionVersionException when an inline projection is older
         *     than the version that ran on this file
         */
        public SqliteEventStore open() {
            return SqliteEventStore.openWith(this);
        }
    }
}
