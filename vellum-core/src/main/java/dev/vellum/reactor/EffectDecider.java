package dev.vellum.reactor;

import dev.vellum.store.RecordedEvent;
import java.util.List;

/**
 * Decides which side effects an event calls for; it must not carry them out. It runs once per
 * event the reactor handles, after the event committed; its decision is stored in the outbox in the
 * same transaction as the reactor's checkpoint.
 */
@FunctionalInterface
public interface EffectDecider {

    /** The side effects {@code event} calls for, possibly none. An exception stops the reactor (a bug). */
    List<EffectRequest> decide(RecordedEvent event) throws Exception;
}
