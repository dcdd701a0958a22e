package dev.vellum.store;

/**
 * The event store port: append to streams, read streams and the global log, find an event by id,
 * subscribe, delete, list streams and categories. Every adapter passes the conformance suite in {@code vellum-store-tck}.
 * Implementations are thread-safe.
 */
public interface EventStore
        extends StreamAppender, StreamReader, LogReader, EventLookup, LogSubscriber, StreamDeleter,
        StreamCatalog, AutoCloseable {

    /** Stops subscriptions and releases resources; later calls raise {@link StoreClosedException}. */
    @Override
    void close();
}
