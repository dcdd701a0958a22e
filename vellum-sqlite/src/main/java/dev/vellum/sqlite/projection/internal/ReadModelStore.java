package dev.vellum.sqlite.projection.internal;

import dev.vellum.jdbc.spi.readmodel.BookkeepingReads;
import dev.vellum.jdbc.spi.readmodel.ReadModelTransaction;
import dev.vellum.jdbc.spi.readmodel.SqlSession;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.ProjectionException;
import dev.vellum.projection.ProjectionId;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.sqlite.internal.DatabaseLock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * An open read-model database: the file lock, the one write connection, and the lock that gives
 * each projection's transaction the connection in turn (fair, so no projection starves and none
 * spins on SQLite's busy handler).
 */
public final class ReadModelStore implements AutoCloseable {

    /** A read of the bookkeeping tables on a reader connection. */
    @FunctionalInterface
    private interface Read<T> {
        T run(Connection reader) throws SQLException;
    }

    private final Path file;
    private final DatabaseLock fileLock;
    private final Connection connection;
    private final SqlSession session;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final SqliteReaders readers;
    private volatile boolean closed;

    private ReadModelStore(Path file, DatabaseLock fileLock, Connection connection, SqlSession session) {
        this.file = file;
        this.fileLock = fileLock;
        this.connection = connection;
        this.session = session;
        this.readers = new SqliteReaders(file, () -> closed);
    }

    /**
     * Locks the file and opens the write connection.
     *
     * @param synchronous the {@code PRAGMA synchronous} value of the durability asked for
     * @param inUse the error when another instance or process has the file open
     */
    public static ReadModelStore open(Path file, int synchronous, Function<Path, ? extends RuntimeException> inUse) {
        DatabaseLock fileLock = DatabaseLock.acquire(file, inUse);
        Connection connection = null;
        try {
            connection = ReadModelConnections.openWriter(file, synchronous);
            return new ReadModelStore(file, fileLock, connection, new SqlSession(connection, ReadModelConnections.SQLITE));
        } catch (SQLException | RuntimeException e) {
            if (connection != null) {
                ReadModelConnections.close(connection);
            }
            fileLock.close();
            throw e instanceof RuntimeException r ? r : new ProjectionException("Could not prepare the read models in '"
                    + file + "': " + e.getMessage(), e);
        }
    }

    /** Begins a transaction for {@code projection}; it holds the write connection until it ends. */
    public CheckpointStore.Transaction<SqlContext> begin(ProjectionId projection) {
        checkOpen();
        lock.lock(); // the connection is always in a transaction, begun by the last commit or rollback
        return new ReadModelTransaction(projection, session, lock::unlock);
    }

    /** See {@link CheckpointStore#checkpoints}. */
    public Optional<Checkpoints> checkpoints(ProjectionId projection) {
        return read(c -> BookkeepingReads.checkpoints(c, projection));
    }

    /** See {@link CheckpointStore#active}. */
    public Optional<ProjectionId> active(String name) {
        return read(c -> BookkeepingReads.active(c, name));
    }

    /** See {@link CheckpointStore#parkedEvents}. */
    public List<ParkedEvent> parkedEvents(ProjectionId projection) {
        return read(c -> BookkeepingReads.parkedEvents(c, projection));
    }

    /**
     * Reads the bookkeeping tables on a reader connection of its own, which sees the last commit and
     * never waits for the writer: a batch in progress, however long, does not hold it up.
     */
    private <T> T read(Read<T> read) {
        checkOpen();
        try (Connection reader = ReadModelConnections.openReader(file)) {
            return read.run(reader);
        } catch (SQLException e) {
            throw new ProjectionException("Reading the projection tables in '" + file + "' failed: " + e.getMessage(), e);
        }
    }

    /** The read-only connections to the file. */
    public DataSource readers() {
        return readers;
    }

    private void checkOpen() {
        if (closed) {
            throw new ProjectionException("The read models in '" + file + "' are closed: open them again.");
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            session.close();
            ReadModelConnections.close(connection);
        } finally {
            lock.unlock();
        }
        fileLock.close();
    }
}
