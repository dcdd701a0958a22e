package dev.vellum.process;

import dev.vellum.store.RecordedEvent;
import java.util.Optional;

/** Tells which process instance an event belongs to, if any: usually an id the event carries (an assignment id, an incident id). */
@FunctionalInterface
public interface Correlator {

    /** The instance id for {@code event}, or empty when the process does not care about it. */
    Optional<String> correlate(Object event, RecordedEvent recorded);
}
