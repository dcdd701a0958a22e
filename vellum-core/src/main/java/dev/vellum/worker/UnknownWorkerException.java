package dev.vellum.worker;

import dev.vellum.store.VellumException;

/** No worker of that name is registered in the {@link WorkerRegistry} asked; nothing changed. */
public class UnknownWorkerException extends VellumException {
    private static final long serialVersionUID = 1L;

    private final String worker;

    /** No worker {@code worker} on node {@code node}. */
    public UnknownWorkerException(String worker, String node) {
        super("No worker '" + worker + "' is registered on node '" + node + "'; nothing changed. List the workers "
                + "with workers(): a worker leased on several nodes is registered on each of them.");
        this.worker = worker;
    }

    /** The name asked for. */
    public String worker() {
        return worker;
    }
}
