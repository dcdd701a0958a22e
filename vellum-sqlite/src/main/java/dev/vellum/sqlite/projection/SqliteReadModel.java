package dev.vellum.sqlite.projection;

import dev.vellum.jdbc.spi.SqlFailures;
import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.ProjectionException;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.sqlite.DatabaseInUseException;
import dev.vellum.sqlite.Durability;
import dev.vellum.sqlite.projection.internal.ReadModelStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * SQL read models in a SQLite database file of their own, with their checkpoints beside them: a
 * handler's writes and its projection's checkpoint commit in one transaction, so each event is
 * applied exactly once, across crashes too.
 *
 * <pre>{@code
 * try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("events.db"));
 *      SqliteReadModel readModel = SqliteReadModel.open(dir.resolve("read.db"));
 *      ProjectionRunner runner = ProjectionRunner.create(store)) {
 *     runner.start(orderSummary, readModel);
 *     try (Connection c = readModel.readers().getConnection()) { ... SELECT * FROM order_summary ... }
 * }
 * }</pre>
 *
 * <p>It is a separate file from the event store on purpose (see the decision record): the store's
 * single group-commit writer never waits for a projection, and a read model can be deleted and
 * rebuilt without touching the events. Writes from all projections in the file take turns (one
 * SQLite writer); queries through {@link #readers()}, and the bookkeeping reads ({@link #checkpoints},
 * {@link #active}, {@link #parkedEvents}), never wait for them (WAL mode).
 *
 * <p>One process owns the file, as with the event store: a second opener gets a
 * {@link DatabaseInUseException}.
 */
public final class SqliteReadModel implements SqlReadModel, AutoCloseable {

    private final Path file;
    private final ReadModelStore store;

    private SqliteReadModel(Path file, Durability durability) {
        this.file = file;
        this.store = ReadModelStore.open(file, durability.pragmaValue(), DatabaseInUseException::new);
    }

    /** Opens (creating when missing) the read-model database in {@code file}, with {@link Durability#NORMAL}. */
    public static SqliteReadModel open(Path file) {
        return open(file, Durability.NORMAL);
    }

    /**
     * Opens (creating when missing) the read-model database in {@code file}.
     *
     * @param durability {@code NORMAL} by default, and enough: the checkpoint commits with the
     *     read model, so a commit lost to a power cut loses both, and the events are applied again
     * @throws DatabaseInUseException when another instance or process has it open
     */
    public static SqliteReadModel open(Path file, Durability durability) {
        return new SqliteReadModel(Objects.requireNonNull(file, "file"), Objects.requireNonNull(durability, "durability"));
    }

    /** Always true: read models written through the {@link SqlContext} commit with the checkpoint. */
    @Override
    public boolean exactlyOnce() {
        return true;
    }

    @Override
    public Optional<Checkpoints> checkpoints(ProjectionId projection) {
        return store.checkpoints(projection);
    }

    @Override
    public Optional<ProjectionId> active(String name) {
        return store.active(name);
    }

    @Override
    public List<ParkedEvent> parkedEvents(ProjectionId projection) {
        return store.parkedEvents(projection);
    }

    /** Also the driver's errors that waiting can cure, such as {@code SQLITE_BUSY}. */
    @Override
    public boolean isTransient(Throwable error) {
        return SqlFailures.isTransientCause(error);
    }

    @Override
    public Transaction<SqlContext> begin(ProjectionId projection) {
        return store.begin(Objects.requireNonNull(projection, "projection"));
    }

    /**
     * Read-only connections to the file; tables are named by their plain names. Each
     * {@code getConnection()} opens a connection of its own (about a file open); in WAL mode it reads
     * the last commit and never waits for the projections' writer.
     */
    @Override
    public DataSource readers() {
        return store.readers();
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /**
     * Closes the database and releases the file. Stop the projections writing here first: their
     * next transaction fails with a {@link ProjectionException}.
     */
    @Override
    public void close() {
        store.close();
    }
}
