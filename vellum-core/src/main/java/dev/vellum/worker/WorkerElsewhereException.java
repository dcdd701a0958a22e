package dev.vellum.worker;

import dev.vellum.store.VellumException;

/**
 * A control was called directly on a worker that runs on another node ({@link WorkerState#STANDBY});
 * nothing changed. Send it through {@link WorkerRegistry#act}, which reaches the node that runs it.
 */
public class WorkerElsewhereException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** {@code worker}'s {@code control} was asked on {@code node}, where it does not run. */
    public WorkerElsewhereException(String worker, WorkerControl control, String node) {
        super("Worker '" + worker + "' does not run on node '" + node + "' now (another node holds its lease), so "
                + control + " was not done; send it with WorkerRegistry.act(...), which reaches the node that runs it.");
    }
}
