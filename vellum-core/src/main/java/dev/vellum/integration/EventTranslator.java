package dev.vellum.integration;

import dev.vellum.store.RecordedEvent;
import java.util.List;

/**
 * Turns the internal events of one append into the external events other services see: zero (the
 * append is internal business), one (several internal steps are one public fact, e.g. car created,
 * seats coloured and washed become {@code maintenance-done}), or more. It must be a pure function
 * of its input: the publisher may translate the same append again after a crash, and the external
 * events' ids are derived from their place in its result.
 *
 * <p>It is handed the events of one append together: those a command recorded (recognised by the
 * {@code $command} header the command handler writes), and those of one {@code store.append} of
 * several events (the store marks the first with the header {@code $append}, their number).
 */
@FunctionalInterface
public interface EventTranslator {

    /** The external events for the internal events of one append (in revision order, all of one stream). */
    List<ExternalEvent> translate(List<RecordedEvent> append) throws Exception;
}
