package dev.vellum.store.tck;

import dev.vellum.store.EventStore;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * How the suite opens the store under test, and whether the store promised to keep its data across
 * a close and reopen. The promise is not an option a store sets: it follows from which suite the
 * store's test extends, and the suite checks it both ways.
 *
 * @param opener opens the store kept in a directory, an empty one the first time
 * @param durable true when the store runs {@link DurableEventStoreConformanceSuite}
 */
record StoreFixture(Function<Path, EventStore> opener, boolean durable) {

    EventStore open(Path directory) {
        return opener.apply(directory);
    }
}
