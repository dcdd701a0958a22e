package dev.vellum.bench.store;

import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Synchronous;
import dev.vellum.bench.scenario.Workload;
import dev.vellum.store.EventStore;
import java.nio.file.Path;

/**
 * A workload that writes through a Vellum store opened for each run in the run's directory, with
 * one {@code synchronous} setting, and whose operations' latencies are reported: the append and
 * command rows. It supplies the fixture over the open store; closing the fixture closes the store.
 */
public interface StoreWorkload extends Workload {

    /** The store it runs on. */
    VellumTarget target();

    /** The {@code synchronous} setting the store is opened with. */
    Synchronous synchronous();

    @Override
    default boolean reportsLatency() {
        return true;
    }

    @Override
    default Fixture open(Path directory) throws Exception {
        return open(target().factory().open(directory, synchronous()));
    }

    /** The fixture of one run over {@code store}, freshly opened; closing it closes the store. */
    Fixture open(EventStore store) throws Exception;
}
