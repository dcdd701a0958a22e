package dev.vellum.process;

import java.util.List;

/**
 * The actions that follow from one of the process's own recorded events: a pure function of the
 * event, since it runs again, with the same result, when the process recovers from a crash.
 *
 * @param <E> the process's events
 */
@FunctionalInterface
public interface ProcessActions<E> {

    /** The commands to send and the timers to set or cancel because {@code event} was recorded. */
    List<ProcessAction> after(E event);
}
