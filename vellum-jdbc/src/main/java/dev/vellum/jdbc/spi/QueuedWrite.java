package dev.vellum.jdbc.spi;

/**
 * Something a caller waits for in a store's {@link WriteQueue}: the writer answers it once its
 * transaction is over, or fails it. A store's writer queues the shared {@link WriteRequest}s, and
 * may queue work of its own beside them (SQLite's writer also runs snapshot saves on its one write
 * connection) by implementing this interface in its own sealed type.
 */
public interface QueuedWrite {

    /**
     * Answers the waiting caller with {@code error}: a typed {@link dev.vellum.store.VellumException}
     * that says whether anything was stored. Answering an entry already answered does nothing.
     */
    void fail(Throwable error);
}
