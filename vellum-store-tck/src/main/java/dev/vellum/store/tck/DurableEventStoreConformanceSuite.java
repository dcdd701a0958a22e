package dev.vellum.store.tck;

import org.junit.jupiter.api.Nested;

/**
 * The conformance suite for stores that keep their events across a close: everything in
 * {@link EventStoreConformanceSuite}, plus the persistence tests, which close the store, open the
 * same directory again and check that nothing was lost: events, positions, revisions, deletions
 * and the memory of event ids that makes retries idempotent.
 *
 * <pre>{@code
 * class SqliteEventStoreConformanceTest extends DurableEventStoreConformanceSuite {
 *     @Override
 *     protected EventStore openStore(Path directory) {
 *         return SqliteEventStore.open(directory.resolve("events.db"));
 *     }
 * }
 * }</pre>
 */
public abstract class DurableEventStoreConformanceSuite extends EventStoreConformanceSuite {

    /** For subclasses. */
    protected DurableEventStoreConformanceSuite() {
    }

    @Override
    final boolean durable() {
        return true;
    }

    /** Reopening keeps everything. */
    @Nested
    class Persistence extends PersistenceTests {
        @Override StoreFixture fixture() { return storeFixture(); }
    }
}
