package dev.vellum.store;

/**
 * The store's disk is full (SQLite's {@code SQLITE_FULL}): the write was refused and rolled back, so
 * nothing of it was written. Free space on the file system that holds the store, then retry; the
 * append can be resent as it is. Workers treat it as any {@link StoreUnavailableException}: they
 * wait with backoff and go on by themselves once writes fit again.
 */
public class StoreFullException extends StoreUnavailableException {
    private static final long serialVersionUID = 1L;

    /** @param message what was refused and what to do @param cause the driver's error */
    public StoreFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
