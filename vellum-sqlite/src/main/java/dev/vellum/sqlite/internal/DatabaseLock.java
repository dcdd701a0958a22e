package dev.vellum.sqlite.internal;

import dev.vellum.store.VellumException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An exclusive OS lock on a sibling file ({@code events.db.lock} beside {@code events.db}), held
 * while a store has the database open, so a second store instance or process gets an error (the
 * store's {@code DatabaseInUseException}) instead of a second writer.
 *
 * <p>Locks held in this JVM are also kept in a set, checked before any channel is opened: on POSIX
 * systems closing any descriptor of a file drops every lock the process holds on it, so a failed
 * attempt in this JVM must never open (and close) the lock file.
 */
public final class DatabaseLock implements AutoCloseable {

    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;

    private DatabaseLock(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock for {@code database}.
     *
     * @param inUse the error thrown, with {@code database}, when another instance or process holds it
     */
    public static DatabaseLock acquire(Path database, Function<Path, ? extends RuntimeException> inUse) {
        Path lockFile = lockFileOf(database);
        if (!HELD_IN_THIS_JVM.add(lockFile)) {
            throw inUse.apply(database);
        }
        FileChannel channel = null;
        FileLock lock;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(lockFile);
            throw new VellumException("Cannot lock '" + lockFile + "' to open the SQLite event store: "
                    + e.getMessage() + ". Check that the directory exists and is writable.", e);
        }
        if (lock == null) {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(lockFile);
            throw inUse.apply(database);
        }
        return new DatabaseLock(lockFile, channel, lock);
    }

    private static Path lockFileOf(Path database) {
        Path absolute = database.toAbsolutePath().normalize();
        Path dir = absolute.getParent();
        try {
            dir = Files.createDirectories(dir).toRealPath();
        } catch (IOException e) {
            throw new VellumException("Cannot open the SQLite event store '" + database + "': its directory "
                    + dir + " cannot be created or resolved (" + e.getMessage() + ").", e);
        }
        return dir.resolve(absolute.getFileName() + ".lock");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do: the lock attempt already failed
            }
        }
    }

    /** Releases the lock; the lock file stays, deleting it would race with the next opener. */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new VellumException("Could not release the lock file " + lockFile + ": " + e.getMessage(), e);
        } finally {
            HELD_IN_THIS_JVM.remove(lockFile);
        }
    }
}
