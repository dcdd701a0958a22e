package dev.vellum.bench.store;

import dev.vellum.bench.scenario.Synchronous;
import dev.vellum.store.EventStore;
import java.nio.file.Path;

/** Opens a new Vellum store whose files live in a given directory. */
@FunctionalInterface
public interface StoreFactory {

    /**
     * Opens a store in {@code directory}, an empty directory it may fill, with this
     * {@code synchronous} setting (stores without one ignore it; see {@link VellumTarget#modes()}).
     */
    EventStore open(Path directory, Synchronous synchronous) throws Exception;
}
