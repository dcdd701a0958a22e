package dev.vellum.bench.scenario;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A workload made ready in one data directory: its database created and filled, its connections
 * or store open. The runner opens a fresh fixture for every run so no run inherits a larger
 * database from the one before, then drives {@link #threads()} workers, each calling its own
 * {@link Operation}.
 */
public interface Fixture extends AutoCloseable {

    /** How many worker threads run operations at the same time. */
    int threads();

    /** The operation worker {@code thread} (0-based) calls; it may keep that worker's state. */
    Operation operation(int thread) throws Exception;

    /**
     * Latencies the fixture measured itself, when timing each operation call would be wrong (a
     * paced operation sleeps until its slot); they then replace the per-call timing. Empty unless
     * overridden.
     */
    default Optional<LatencyHistogram> latencies() {
        return Optional.empty();
    }

    /** Closes connections or the store; the runner then deletes the directory. */
    @Override
    void close() throws SQLException;

    /**
     * A fixture of {@code threads} workers whose operations {@code operations} makes, closing
     * {@code resource} at the end.
     */
    static Fixture of(int threads, IntFunction<Operation> operations, Closer resource) {
        return new Fixture() {
            @Override
            public int threads() {
                return threads;
            }

            @Override
            public Operation operation(int thread) {
                return operations.apply(thread);
            }

            @Override
            public void close() throws SQLException {
                resource.close();
            }
        };
    }

    /**
     * A fixture like {@link #of} that measures its own latencies: {@link #latencies()} answers what
     * {@code latencies} supplies when the run ends.
     */
    static Fixture measuring(int threads, IntFunction<Operation> operations, Supplier<LatencyHistogram> latencies,
            Closer resource) {
        Fixture timed = of(threads, operations, resource);
        return new Fixture() {
            @Override
            public int threads() {
                return timed.threads();
            }

            @Override
            public Operation operation(int thread) throws Exception {
                return timed.operation(thread);
            }

            @Override
            public Optional<LatencyHistogram> latencies() {
                return Optional.of(latencies.get());
            }

            @Override
            public void close() throws SQLException {
                timed.close();
            }
        };
    }

    /** Releases what a fixture holds: a store, or JDBC statements and connections. */
    @FunctionalInterface
    interface Closer {

        /** Releases it. */
        void close() throws SQLException;

        /** Closes {@code statement}, then {@code connection}: what a raw baseline's fixture holds. */
        static Closer of(Statement statement, Connection connection) {
            return () -> {
                statement.close();
                connection.close();
            };
        }
    }
}
