package dev.vellum.bench.http;

import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Operation;
import dev.vellum.bench.scenario.Workload;
import dev.vellum.bench.store.LogTemplate;
import java.nio.file.Path;

/**
 * A page-read row: one worker reading a copy of a large log ({@link LogPages}), in process through
 * the store's port or over HTTP; each operation's latency is reported. It supplies the two reads.
 */
interface LogPageReads extends Workload {

    /** The log whose copy each run reads. */
    LogTemplate log();

    /** Whether the worker reads over HTTP rather than in process. */
    boolean overHttp();

    @Override
    default boolean servesHttp() {
        return overHttp();
    }

    @Override
    default boolean reportsLatency() {
        return true;
    }

    @Override
    default Fixture open(Path directory) throws Exception {
        LogPages pages = LogPages.open(log(), directory);
        return overHttp() ? pages.overHttp(readOverHttp(pages)) : pages.inProcess(readInProcess(pages));
    }

    /** One read in process, through {@code pages}' store. */
    Operation readInProcess(LogPages pages);

    /** One read over HTTP, of {@code pages}' store. */
    LogPages.HttpPage readOverHttp(LogPages pages);
}
