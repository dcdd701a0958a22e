package dev.vellum.bench.scenario;

/**
 * One timed step of a workload, run over and over by one worker thread: an append, a batch, a
 * page of a scan. The runner times each call, so its latency is the latency of one such step.
 */
@FunctionalInterface
public interface Operation {

    /**
     * Does the step once.
     *
     * @return how many events it wrote or read
     */
    int run() throws Exception;
}
