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
 * <p>The events of one append are recognised by the command that recorded them (the
 * {@code $command} metadata header the command handler writes); an event appended without one
 * comes alone.
 */
@FunctionalInterface
public interface EventTranslator {

    /** The external events for the internal events of one append (in revision order, all of one stream). */
    List<ExternalEvent> translate(List<RecordedEvent> append) throws Exception;
}
