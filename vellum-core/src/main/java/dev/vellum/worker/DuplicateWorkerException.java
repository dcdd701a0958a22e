package dev.vellum.worker;

import dev.vellum.store.VellumException;

/** A worker of that name is registered already; nothing changed. */
public class DuplicateWorkerException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** {@code worker} is registered on {@code node} already. */
    public DuplicateWorkerException(String worker, String node) {
        super("A worker named '" + worker + "' is registered on node '" + node + "' already; unregister it first, or "
                + "give the new one another name.");
    }
}
