package dev.vellum.examples.support;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.EventStore;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.time.ManualClock;
import dev.vellum.timer.TimerStore;
import dev.vellum.timer.TimerWriter;
import dev.vellum.timer.memory.InMemoryTimerStore;
import dev.vellum.timer.sql.SqlTimerStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Where an example runs in a test: an event store, a checkpoint store and a timer store (also the
 * reactors' outbox), in memory or on SQLite files, and a restart: everything closed and opened
 * again, as after a crash of the process (the in-memory one keeps its objects, having no files).
 */
public abstract sealed class Deployment implements AutoCloseable {

    /** What an example needs to start on this deployment. */
    public interface Starter<T> {
        /** Starts on these stores. */
        <C extends ProjectionContext, S extends TimerStore & TimerWriter<? super C>> T start(EventStore store,
                CheckpointStore<C> checkpoints, S timers);
    }

    /** The event store. */
    public abstract EventStore store();

    /** Starts an example on this deployment's stores. */
    public abstract <T> T start(Starter<T> starter);

    /** Closes the stores and opens them again (a no-op for the in-memory deployment). */
    public abstract void restart();

    @Override
    public abstract void close();

    /** Everything in memory. */
    public static Deployment inMemory() {
        return new InMemory();
    }

    /** SQLite files in {@code directory}: the event store and a read-model database with checkpoints and timers. */
    public static Deployment sqlite(Path directory) {
        return new Sqlite(directory);
    }

    /** A clock at a round time. */
    public static ManualClock clock() {
        return new ManualClock(java.time.Instant.parse("2026-03-01T10:00:00Z"));
    }

    /** Polls {@code condition} for up to 10 s. */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Gives background work time to act wrongly, before asserting that it did not. */
    public static void settle() throws InterruptedException {
        Thread.sleep(200);
    }

    private static final class InMemory extends Deployment {
        private final InMemoryEventStore store = new InMemoryEventStore();
        private final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
        private final InMemoryTimerStore timers = new InMemoryTimerStore();

        @Override
        public EventStore store() {
            return store;
        }

        @Override
        public <T> T start(Starter<T> starter) {
            return starter.start(store, checkpoints, timers);
        }

        @Override
        public void restart() {
        }

        @Override
        public void close() {
            store.close();
        }

        @Override
        public String toString() {
            return "in memory";
        }
    }

    private static final class Sqlite extends Deployment {
        private final Path directory;
        private SqliteEventStore store;
        private SqliteReadModel readModel;
        private SqlTimerStore timers;

        Sqlite(Path directory) {
            this.directory = directory;
            open();
        }

        private void open() {
            store = SqliteEventStore.open(directory.resolve("events.db"));
            readModel = SqliteReadModel.open(directory.resolve("read.db"));
            timers = new SqlTimerStore(readModel);
        }

        @Override
        public EventStore store() {
            return store;
        }

        @Override
        public <T> T start(Starter<T> starter) {
            CheckpointStore<SqlContext> checkpoints = readModel;
            return starter.start(store, checkpoints, timers);
        }

        @Override
        public void restart() {
            close();
            open();
        }

        @Override
        public void close() {
            try {
                store.close();
            } finally {
                readModel.close();
            }
        }

        @Override
        public String toString() {
            return "SQLite";
        }
    }
}
