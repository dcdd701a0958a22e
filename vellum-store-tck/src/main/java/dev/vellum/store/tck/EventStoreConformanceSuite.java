package dev.vellum.store.tck;

import dev.vellum.store.EventStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/**
 * The conformance suite every {@link EventStore} adapter must pass. A store's test extends it and
 * says how to open the store:
 *
 * <pre>{@code
 * class InMemoryEventStoreConformanceTest extends EventStoreConformanceSuite {
 *     @Override
 *     protected EventStore openStore(Path directory) {
 *         return new InMemoryEventStore();
 *     }
 * }
 * }</pre>
 *
 * <p>Extend this class directly only for a store that keeps nothing across a close, such as the
 * in-memory one; a store that persists its events extends {@link DurableEventStoreConformanceSuite}
 * instead, which adds the reopen tests. The choice is checked: a store that keeps its events across
 * a reopen fails this suite until it runs the durable one.
 *
 * <p>Each group below is a JUnit {@link Nested} class, so the report shows the contract group by
 * group; the tests themselves live in one file per group.
 */
public abstract class EventStoreConformanceSuite {

    /** For subclasses. */
    protected EventStoreConformanceSuite() {
    }

    /**
     * Opens the store kept in {@code directory}. Each test gets a fresh, empty directory; opening
     * the same directory again after a close opens the same store (when the store is durable).
     * A store that keeps no files may use the directory only as a name for its storage, or ignore it.
     *
     * @param directory a directory owned by the test, deleted after it
     * @return an open store
     */
    protected abstract EventStore openStore(Path directory);

    /** Whether the store promised durability; only {@link DurableEventStoreConformanceSuite} says yes. */
    boolean durable() {
        return false;
    }

    final StoreFixture storeFixture() {
        return new StoreFixture(this::openStore, durable());
    }

    /** Stream names, categories and expected revisions, as values and through the store. */
    @Nested
    class NamesAndValues extends NamesAndValuesTests {
        @Override StoreFixture fixture() { return storeFixture(); }
    }

    /** Appends: atomicity, results, every expected-revision form right and wrong. */
    @Nested
    class Appends extends AppendTests {
        @Override StoreFixture fixture() { return storeFixture(); }
    }

    /** Appends without waiting: the same results and errors through a future, in the order queued. */
    @Nested
    class AsyncAppends extends AsyncAppendTests {
        @Override StoreFixture fixture() { return storeFixture(); }
    }

    /** Retries after a lost reply, and ids reused in ways that are not retries. */
    @Nested
    class Idempotency extends IdempotencyTests {
        @Override StoreFixture fixture() { return storeFixture(); }
    }

    /** Reading one stream: directions, limits, paging, round trips. */
    @Nested
    class StreamReads extends StreamReadTests {
        @Override StoreFixture fixture() { return storeFixture(); }
    }

    /** Reading the global log: positions, filters, limits, paging. */
    @Nested
    class GlobalReads extends GlobalReadTests {
        @Override StoreFixture fixture() { return storeFixture(); }
    }

    /** Finding one event by its id. */
    @Nested
    class EventLookup extends EventLookupTests {
        @Override StoreFixture fixture() { return storeFixture(); }
    }

    /** Listing streams and categories: order, paging, prefix search, deleted streams. */
    @Nested
    class Catalog extends CatalogTests {
        @Override StoreFixture fixture() { return storeFixture(); }
    }

    /** Subscriptions: catch-up, live push, filters, failure, closing, back-pressure. */
    @Nested
    class Subscriptions extends SubscriptionTests {
        @Override StoreFixture fixture() { return storeFixture(); }
    }

    /** Soft delete, tombstone, truncate-before. */
    @Nested
    class Deletion extends DeletionTests {
        @Override StoreFixture fixture() { return storeFixture(); }
    }

    /** Bad input: a typed error, and nothing changed. */
    @Nested
    class BadInput extends BadInputTests {
        @Override StoreFixture fixture() { return storeFixture(); }
    }

    /** Bad input drawn from generators: a typed error each time, and nothing changed. */
    @Nested
    class GeneratedBadInput extends GeneratedBadInputTests {
        @Override StoreFixture fixture() { return storeFixture(); }
    }

    /** Many writers at once, with a live subscriber and a tailing reader. */
    @Nested
    class Concurrency extends ConcurrencyTests {
        @Override StoreFixture fixture() { return storeFixture(); }
    }

    /** Command handling through the store: contention, idempotent commands, snapshots. */
    @Nested
    class CommandHandling extends CommandHandlingTests {
        @Override StoreFixture fixture() { return storeFixture(); }
    }

    /** Closing the store, and the durability the store's suite promises. */
    @Nested
    class Lifecycle extends LifecycleTests {
        @Override StoreFixture fixture() { return storeFixture(); }
    }
}
