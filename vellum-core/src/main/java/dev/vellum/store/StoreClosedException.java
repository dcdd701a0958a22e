package dev.vellum.store;

/** The store was closed; open a new one to go on. */
public final class StoreClosedException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param store a name for the store */
    public StoreClosedException(String store) {
        super("The event store " + store + " is closed. Open it again to read or write.");
    }
}
