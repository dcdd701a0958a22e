package dev.vellum.bench.raw;

import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Workload;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;

/**
 * Raw scan over a log another workload wrote, for the rows whose log is too large to fill once per
 * run: the same pages and columns as {@link RawScan}, over a copy of that log's file, which has
 * Vellum's {@code events} table (the shape {@link RawSqlite} gives its own).
 *
 * @param name the row's name for it
 * @param log copies the log into each run's directory
 */
public record RawLogScan(String name, LogCopy log) implements Workload {

    /** Puts a copy of the log into a run's directory and returns its file. */
    @FunctionalInterface
    public interface LogCopy {
        /** Copies the log into {@code directory}. */
        Path into(Path directory) throws Exception;
    }

    @Override
    public boolean reportsLatency() {
        return false;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        Connection connection = RawSqlite.openForReading(log.into(directory));
        PreparedStatement scan = connection.prepareStatement(RawScan.SCAN);
        return Fixture.of(1, thread -> new RawScan.Pager(scan), Fixture.Closer.of(scan, connection));
    }
}
