package dev.vellum.sqlite.internal;

import dev.vellum.store.StoreClosedException;
import dev.vellum.store.VellumException;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fixed set of read connections. In WAL mode each reads its own snapshot while the writer
 * commits, so reads never wait for writes; a caller waits only when all connections are busy.
 */
final class ReadPool implements AutoCloseable {

    /** Reads on one connection; it runs with the connection borrowed. */
    @FunctionalInterface
    interface Read<T> {
        T run(ReadConnection connection) throws SQLException;
    }

    private static final long CLOSE_WAIT_SECONDS = 10;

    private final String name;
    private final int size;
    private final BlockingQueue<ReadConnection> idle;
    private volatile boolean closed;

    ReadPool(String name, SqliteConnections connections, int size) {
        this.name = name;
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
        try {
            for (int i = 0; i < size; i++) {
                idle.add(new ReadConnection(connections.openReader()));
            }
        } catch (RuntimeException e) {
            idle.forEach(ReadConnection::close);
            throw e;
        }
    }

    /**
     * Runs {@code read} on a free connection.
     *
     * @throws StoreClosedException when the store is closed
     */
    <T> T read(Read<T> read) {
        ReadConnection c = borrow();
        try {
            return read.run(c);
        } catch (SQLException e) {
            throw new VellumException("Reading the SQLite event store " + name + " failed: " + e.getMessage(), e);
        } finally {
            idle.add(c);
        }
    }

    private ReadConnection borrow() {
        if (closed) {
            throw new StoreClosedException(name);
        }
        ReadConnection c;
        try {
            c = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VellumException("Interrupted while waiting for a read connection of " + name, e);
        }
        if (closed) {
            idle.add(c);
            throw new StoreClosedException(name);
        }
        return c;
    }

    /** Refuses new reads and closes every connection once the reads under way return it. */
    @Override
    public void close() {
        closed = true;
        try {
            for (int i = 0; i < size; i++) {
                ReadConnection c = idle.poll(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
                if (c == null) {
                    return; // a read is stuck; its connection goes with the process
                }
                c.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
