package dev.vellum.worker;

import dev.vellum.store.VellumException;

/**
 * An operator asked a worker for a control its kind does not have (a reset of a timer scheduler, an
 * approval from a projection); nothing changed. {@link Worker#controls()} lists the ones it has.
 */
public class ControlNotSupportedException extends VellumException {
    private static final long serialVersionUID = 1L;

    private final String worker;
    private final WorkerControl control;

    /** {@code worker} of {@code kind} has no {@code control}. */
    public ControlNotSupportedException(String worker, WorkerKind kind, WorkerControl control) {
        super("Worker '" + worker + "' is a " + kind + ", which has no " + control + " control; nothing changed. "
                + "Its controls() lists the ones it has.");
        this.worker = worker;
        this.control = control;
    }

    /** The worker asked. */
    public String worker() {
        return worker;
    }

    /** The control it does not have. */
    public WorkerControl control() {
        return control;
    }
}
