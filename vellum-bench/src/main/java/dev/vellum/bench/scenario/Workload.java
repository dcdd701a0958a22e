package dev.vellum.bench.scenario;

import java.nio.file.Path;

/** One thing to measure, a Vellum scenario or a raw baseline, independent of the runner. */
public interface Workload {

    /** The name shown in the table and in progress lines, e.g. {@code raw single FULL}. */
    String name();

    /** True when the latency of one {@link Operation} is a per-append latency worth reporting. */
    boolean reportsLatency();

    /**
     * True when the workload drives a server over HTTP. Its warm-up is then the longer
     * {@link BenchOptions#serverWarmUp()}: on two busy cores the JIT takes tens of seconds of traffic
     * to compile the request path of Jetty, Javalin and the server (an append's CPU time kept falling
     * for about 25 s, from 2.7 ms to under 0.2 ms), where a store call is compiled within the usual
     * warm-up, and a server's figure is its figure once it has run for a while.
     */
    default boolean servesHttp() {
        return false;
    }

    /** Creates what one run needs in {@code directory}, an empty directory it may fill. */
    Fixture open(Path directory) throws Exception;
}
