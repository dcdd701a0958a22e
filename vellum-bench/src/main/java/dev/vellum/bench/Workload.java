package dev.vellum.bench;

import java.nio.file.Path;

/** One thing to measure, a Vellum scenario or a raw baseline, independent of the runner. */
public interface Workload {

    /** The name shown in the table and in progress lines, e.g. {@code raw single FULL}. */
    String name();

    /** True when the latency of one {@link Operation} is a per-append latency worth reporting. */
    boolean reportsLatency();

    /** Creates what one run needs in {@code directory}, an empty directory it may fill. */
    Fixture open(Path directory) throws Exception;
}
